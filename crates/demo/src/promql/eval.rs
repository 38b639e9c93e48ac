//! The evaluator: walks `promql-parser`'s syntax tree at one instant, reading selectors
//! from the store and handing calls, aggregations and operators to their own modules.

use std::{collections::HashMap, rc::Rc, time::UNIX_EPOCH};

use promql_parser::parser::{ast::Offset, AtModifier, Expr, VectorSelector};

use super::{
    aggregate, binary, functions,
    select::{Picked, Store},
    value::{check_unique, drop_name, Failure, Value},
};

/// One query's evaluation: the store, the query's bounds (for `@ start()` and `@ end()`)
/// and the selectors already matched.
#[derive(Debug)]
pub(crate) struct Evaluator<'a> {
    store: Store<'a>,
    start: i64,
    end: i64,
    picked: HashMap<*const VectorSelector, Rc<Vec<Picked>>>,
}

impl<'a> Evaluator<'a> {
    /// An evaluator over `store` for a query from `start` to `end` (Unix milliseconds).
    pub(crate) fn new(store: Store<'a>, start: i64, end: i64) -> Self {
        Self {
            store,
            start,
            end,
            picked: HashMap::new(),
        }
    }

    /// The value of `expr` at `t` (Unix milliseconds).
    pub(crate) fn eval(&mut self, expr: &Expr, t: i64) -> Result<Value, Failure> {
        match expr {
            Expr::NumberLiteral(n) => Ok(Value::Scalar(n.val)),
            Expr::StringLiteral(s) => Ok(Value::Text(s.val.clone())),
            Expr::Paren(p) => self.eval(&p.expr, t),
            Expr::Unary(u) => match self.eval(&u.expr, t)? {
                Value::Scalar(v) => Ok(Value::Scalar(-v)),
                Value::Vector(samples) => {
                    let negated: Vec<_> = samples
                        .into_iter()
                        .map(|mut s| {
                            s.labels = drop_name(s.labels);
                            s.v = -s.v;
                            s.t = t;
                            s
                        })
                        .collect();
                    check_unique(&negated)?;
                    Ok(Value::Vector(negated))
                }
                other => Err(Failure::BadData(format!(
                    "unary expression only allowed on expressions of type scalar or instant vector, got {}",
                    other.kind()
                ))),
            },
            Expr::VectorSelector(vs) => {
                let picked = self.pick(vs)?;
                let at = self.reference_time(vs, t);
                self.store.instant(&picked, at).map(Value::Vector)
            }
            Expr::MatrixSelector(ms) => {
                let picked = self.pick(&ms.vs)?;
                let to = self.reference_time(&ms.vs, t);
                let range = i64::try_from(ms.range.as_millis()).unwrap_or(i64::MAX);
                self.store
                    .window(&picked, to.saturating_sub(range), to)
                    .map(Value::Matrix)
            }
            Expr::Call(call) => functions::call(self, call, t),
            Expr::Aggregate(agg) => aggregate::eval(self, agg, t),
            Expr::Binary(bin) => binary::eval(self, bin, t),
            Expr::Subquery(_) => Err(Failure::unsupported("subqueries (`expr[range:step]`)")),
            Expr::Extension(_) => Err(Failure::unsupported("extension expressions")),
        }
    }

    /// The value of `expr` at `t`, which must be an instant vector.
    pub(crate) fn vector(
        &mut self,
        expr: &Expr,
        t: i64,
        context: &str,
    ) -> Result<Vec<super::value::Sample>, Failure> {
        match self.eval(expr, t)? {
            Value::Vector(samples) => Ok(samples),
            other => Err(Failure::BadData(format!(
                "expected instant vector in {context}, got {}",
                other.kind()
            ))),
        }
    }

    /// The value of `expr` at `t`, which must be a scalar.
    pub(crate) fn scalar(&mut self, expr: &Expr, t: i64, context: &str) -> Result<f64, Failure> {
        match self.eval(expr, t)? {
            Value::Scalar(v) => Ok(v),
            other => Err(Failure::BadData(format!(
                "expected scalar in {context}, got {}",
                other.kind()
            ))),
        }
    }

    /// The value of `expr` at `t`, which must be a string.
    pub(crate) fn text(&mut self, expr: &Expr, t: i64, context: &str) -> Result<String, Failure> {
        match self.eval(expr, t)? {
            Value::Text(s) => Ok(s),
            other => Err(Failure::BadData(format!(
                "expected string in {context}, got {}",
                other.kind()
            ))),
        }
    }

    /// The instant a selector reads at when evaluated at `t`: its `@` time (or `t`), minus
    /// its offset.
    pub(crate) fn reference_time(&self, vs: &VectorSelector, t: i64) -> i64 {
        let at = match &vs.at {
            None => t,
            Some(AtModifier::Start) => self.start,
            Some(AtModifier::End) => self.end,
            Some(AtModifier::At(time)) => match time.duration_since(UNIX_EPOCH) {
                Ok(after) => i64::try_from(after.as_millis()).unwrap_or(i64::MAX),
                Err(before) => -i64::try_from(before.duration().as_millis()).unwrap_or(i64::MAX),
            },
        };
        let millis = |d: &std::time::Duration| i64::try_from(d.as_millis()).unwrap_or(i64::MAX);
        match &vs.offset {
            None => at,
            Some(Offset::Pos(d)) => at.saturating_sub(millis(d)),
            Some(Offset::Neg(d)) => at.saturating_add(millis(d)),
        }
    }

    /// Where the samples come from.
    pub(crate) fn store(&self) -> &Store<'a> {
        &self.store
    }

    /// The series a selector picks, matched once per query.
    pub(crate) fn pick(&mut self, vs: &VectorSelector) -> Result<Rc<Vec<Picked>>, Failure> {
        let key: *const VectorSelector = vs;
        if let Some(picked) = self.picked.get(&key) {
            return Ok(Rc::clone(picked));
        }
        let picked = Rc::new(self.store.pick(vs)?);
        self.picked.insert(key, Rc::clone(&picked));
        Ok(picked)
    }
}
