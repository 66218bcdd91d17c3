//! Sorting through one copy of the standard sort.
//!
//! Every `sort_unstable_by` with its own element type or comparator is a separate copy of the
//! standard library's quicksort in the wasm. Sorts by a comparator go through
//! [`sort_by`] instead: it sorts a list of indices, always with the same comparator type (one
//! behind `dyn`), then puts the items in that order. Lists of plain integers (the layout's,
//! pairs packed into one `usize` where they are sorted in a hot loop) go through the same copy
//! with [`sort_usizes`]: a second copy for `usize` alone cost the wasm 1 KB.

use std::cmp::Ordering;

/// Sorts `items` by `compare`, which must be a total order (ties broken), as with
/// `sort_unstable_by`: equal items may come in any order.
pub fn sort_by<T>(items: &mut Vec<T>, compare: impl Fn(&T, &T) -> Ordering) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    sort_indices(&mut order, &|a, b| compare(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

/// Sorts `items` by a key, as [`sort_by`].
pub fn sort_by_key<T, K: Ord>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts plain integers ascending, through the one copy of the sort.
pub fn sort_usizes(items: &mut [usize]) {
    sort_indices(items, &|a, b| a.cmp(&b));
}

// Never inlined: inlining would make a copy of the sort per caller again.
#[inline(never)]
fn sort_indices(order: &mut [usize], compare: &dyn Fn(usize, usize) -> Ordering) {
    order.sort_unstable_by(|&a, &b| compare(a, b));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_sort() {
        let mut words = vec!["pear", "apple", "fig", "banana", "cherry", "date"];
        let mut expected = words.clone();
        expected.sort_unstable();
        sort_by(&mut words, |a, b| a.cmp(b));
        assert_eq!(words, expected);
        sort_by_key(&mut words, |w| std::cmp::Reverse(w.len()));
        assert_eq!(
            words.iter().map(|w| w.len()).collect::<Vec<_>>(),
            [6, 6, 5, 4, 4, 3]
        );
        let mut numbers = vec![5, 3, 9, 1, 3];
        sort_usizes(&mut numbers);
        assert_eq!(numbers, [1, 3, 3, 5, 9]);
        let mut empty: Vec<String> = Vec::new();
        sort_by(&mut empty, |a, b| a.cmp(b));
        assert!(empty.is_empty());
    }

    #[test]
    fn keeps_every_item_of_a_large_shuffled_list() {
        // A fixed pseudo-random shuffle of 0..10_000.
        let mut items: Vec<u64> = (0..10_000u64).map(|i| (i * 7_919) % 10_000).collect();
        sort_by(&mut items, |a, b| b.cmp(a));
        assert_eq!(items, (0..10_000u64).rev().collect::<Vec<_>>());
    }
}
