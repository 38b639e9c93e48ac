//! JavaScript's `Array.prototype.sort` as V8 runs it, for comparators that cannot order
//! every pair. Grafana sorts with `(a, b) => a - b`, where `undefined`, text and NaN make
//! the answer NaN; V8 reads NaN as "not before", so the order that comes out is V8's own
//! steps, not a sorted order. Below 64 items V8's TimSort is its first run (reversed when it
//! descends) and then a binary insertion of each item after it, which this follows step by
//! step. From 64 items V8 merges runs; there a stable sort stands in for it, which gives
//! the same order whenever the comparator is consistent.

use std::cmp::Ordering;

/// V8 sorts fewer items than this with one binary insertion sort.
const ONE_RUN: usize = 64;

/// `items` sorted as V8 sorts them with `compare` (JavaScript's comparator: below zero when
/// the first goes before the second; NaN when it cannot say).
pub fn js_sort<T: Clone>(items: &mut [T], compare: impl Fn(&T, &T) -> f64) {
    let n = items.len();
    if n < 2 {
        return;
    }
    if n >= ONE_RUN {
        items.sort_by(|a, b| compare(a, b).partial_cmp(&0.0).unwrap_or(Ordering::Equal));
        return;
    }
    let before = |a: &T, b: &T| compare(a, b) < 0.0;
    // CountAndMakeRun: the run at the start, reversed when it descends.
    let mut run = 2;
    let descending = before(&items[1], &items[0]);
    while run < n && before(&items[run], &items[run - 1]) == descending {
        run += 1;
    }
    if descending {
        items[..run].reverse();
    }
    // BinaryInsertionSort of the rest into the run.
    for start in run..n {
        let pivot = items[start].clone();
        let (mut left, mut right) = (0, start);
        while left < right {
            let mid = left + ((right - left) >> 1);
            if before(&pivot, &items[mid]) {
                right = mid;
            } else {
                left = mid + 1;
            }
        }
        items[left..=start].rotate_right(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_consistent_comparator_sorts_stably() {
        let mut items = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd')];
        js_sort(&mut items, |a, b| f64::from(a.0 - b.0));
        assert_eq!(items, [(1, 'b'), (2, 'd'), (3, 'a'), (3, 'c')]);
    }

    #[test]
    fn nan_is_not_before_as_in_v8() {
        // Node 20: [3, NaN, 1, 2].sort((a, b) => a - b) gives [3, NaN, 1, 2]: the first
        // run is [3, NaN] ("not before"), then 1 and 2 go after NaN, which nothing is
        // before.
        let mut items = vec![3.0, f64::NAN, 1.0, 2.0];
        js_sort(&mut items, |a, b| a - b);
        let text: Vec<String> = items.iter().map(f64::to_string).collect();
        assert_eq!(text, ["3", "NaN", "1", "2"]);
    }
}
