//! Grafana's reduce calculations against what Grafana's `fieldReducer.test.ts` expects.

use super::*;

fn some(values: &[f64]) -> Vec<Option<f64>> {
    values.iter().copied().map(Some).collect()
}

#[test]
fn basic_stats_as_grafanas_tests_expect() {
    let a = some(&[10.0, 20.0]);
    assert_eq!(reduce("first", &a), Some(10.0));
    assert_eq!(reduce("last", &a), Some(20.0));
    assert_eq!(reduce("mean", &a), Some(15.0));
    assert_eq!(reduce("count", &a), Some(2.0));
    assert_eq!(reduce("distinctCount", &a), Some(2.0));
    assert_eq!(reduce("changeCount", &a), Some(1.0));
}

#[test]
fn step_and_delta_as_grafanas_tests_expect() {
    let x = some(&[100.0, 200.0, 300.0, 400.0]);
    assert_eq!(reduce("step", &x), Some(100.0));
    assert_eq!(reduce("delta", &x), Some(300.0));
    // Grafana 13 adds the rises, and after a counter reset only the rises that follow
    // a rise: the fall and the first rise after it are left out.
    assert_eq!(reduce("delta", &some(&[10.0, 20.0, 5.0, 8.0])), Some(10.0));
}

#[test]
fn all_null_and_all_zero_as_grafanas_tests_expect() {
    let empty: Vec<Option<f64>> = Vec::new();
    let all_null = vec![None; 4];
    let all_zero = some(&[0.0; 4]);
    assert_eq!(reduce("allIsNull", &empty), Some(1.0));
    assert_eq!(reduce("allIsNull", &all_null), Some(1.0));
    assert_eq!(reduce("allIsZero", &empty), Some(0.0));
    assert_eq!(reduce("allIsZero", &all_null), Some(0.0));
    assert_eq!(reduce("allIsZero", &all_zero), Some(1.0));
}

#[test]
fn first_and_last_with_nulls_as_grafanas_tests_expect() {
    let x = vec![None, Some(200.0), None];
    assert_eq!(reduce("first", &x), None);
    assert_eq!(reduce("last", &x), None);
    assert_eq!(reduce("firstNotNull", &x), Some(200.0));
    assert_eq!(reduce("lastNotNull", &x), Some(200.0));
    assert_eq!(reduce("lastNotNull", &[None, None, None]), None);
    assert_eq!(reduce("firstNotNull", &[None, None, None]), None);
}

#[test]
fn the_rest_of_the_calculations_and_their_aliases() {
    let x = some(&[3.0, -1.0, 4.0, 0.5]);
    assert_eq!(reduce("min", &x), Some(-1.0));
    assert_eq!(reduce("max", &x), Some(4.0));
    assert_eq!(reduce("range", &x), Some(5.0));
    assert_eq!(reduce("sum", &x), Some(6.5));
    assert_eq!(reduce("total", &x), Some(6.5));
    assert_eq!(reduce("avg", &x), Some(1.625));
    assert_eq!(reduce("current", &x), Some(0.5));
    assert_eq!(reduce("diff", &x), Some(-2.5));
    assert_eq!(reduce("logmin", &x), Some(0.5));
    assert_eq!(reduce("median", &x), Some(1.75));
    assert_eq!(
        reduce("p50", &x),
        Some(3.0),
        "the sorted value at the rounded rank"
    );
    assert_eq!(
        reduce("count", &[Some(1.0), None]),
        Some(1.0),
        "nulls are not counted"
    );
    assert_eq!(reduce("countAll", &[Some(1.0), None]), Some(2.0));
    assert_eq!(calc_name("lastNotNull"), "Last *");
    assert_eq!(calc_name("mean"), "Mean");
}
