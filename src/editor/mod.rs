//! The PromQL editor's pure parts: tokens for colouring, the function catalogue,
//! completion, the past queries, and where a parser error points.

pub mod completion;
pub mod functions;
pub mod lint_position;
pub mod past_queries;
pub mod tokens;
pub mod units;
