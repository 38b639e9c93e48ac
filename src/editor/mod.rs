//! The PromQL editor's pure parts: tokens for colouring, the function catalogue,
//! completion, the query history, and where a parser error points.

pub mod completion;
pub mod functions;
pub mod history;
pub mod lint_position;
pub mod tokens;
pub mod units;
