//! Interned names and labels: each distinct sample name, label name and label value is
//! kept once, and so is each distinct `name="value"` pair, shared by every series that
//! carries it. A series' labels are then one thin pointer per pair (4 bytes in wasm32)
//! rather than two strings' worth of pointers and lengths (16).

use std::{fmt, rc::Rc};

use rustc_hash::FxHashSet as HashSet;

/// An interned string: one shared copy per distinct sample name, label name or label value.
pub type Sym = Rc<str>;

/// An interned label: its name and value, shared by every series that has it.
pub type LabelPair = Rc<(Sym, Sym)>;

/// A series' labels: interned name-value pairs, sorted by name.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SeriesLabels(Box<[LabelPair]>);

impl SeriesLabels {
    /// The pairs, sorted by name.
    pub fn iter(&self) -> std::iter::Map<std::slice::Iter<'_, LabelPair>, PairOf> {
        self.0.iter().map(pair_of as PairOf)
    }

    /// The interned pairs themselves: two series share a label exactly when they hold the
    /// same pair, so a pair's address stands for it in hashing and grouping.
    pub fn pairs(&self) -> std::slice::Iter<'_, LabelPair> {
        self.0.iter()
    }

    /// How many labels there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value of the label `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.iter().find(|(n, _)| &**n == name).map(|(_, v)| &**v)
    }

    /// Heap bytes of the list itself (the pairs are shared, and counted by [`Symbols`]).
    pub fn bytes(&self) -> usize {
        self.0.len() * std::mem::size_of::<LabelPair>()
    }
}

/// What [`SeriesLabels::iter`] maps each interned pair with.
pub type PairOf = for<'a> fn(&'a LabelPair) -> &'a (Sym, Sym);

fn pair_of(pair: &LabelPair) -> &(Sym, Sym) {
    pair
}

impl<'a> IntoIterator for &'a SeriesLabels {
    type Item = &'a (Sym, Sym);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, LabelPair>, PairOf>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// Written as the list of pairs it is: `[("job", "api"), ("le", "1")]`.
impl fmt::Debug for SeriesLabels {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// The interned strings and pairs: each distinct one once.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Symbols {
    strings: HashSet<Sym>,
    pairs: HashSet<LabelPair>,
}

impl Symbols {
    /// The shared copy of `text`, added on first use.
    pub fn get(&mut self, text: &str) -> Sym {
        if let Some(known) = self.strings.get(text) {
            return Rc::clone(known);
        }
        let new: Sym = Rc::from(text);
        self.strings.insert(Rc::clone(&new));
        new
    }

    /// The sorted labels `pairs`, each pair interned.
    pub fn labels<'a>(&mut self, pairs: impl Iterator<Item = (&'a str, &'a str)>) -> SeriesLabels {
        SeriesLabels(pairs.map(|(name, value)| self.pair(name, value)).collect())
    }

    /// The shared pair `name="value"`, added on first use.
    fn pair(&mut self, name: &str, value: &str) -> LabelPair {
        let wanted = (self.get(name), self.get(value));
        if let Some(known) = self.pairs.get(&wanted) {
            return Rc::clone(known);
        }
        let new = Rc::new(wanted);
        self.pairs.insert(Rc::clone(&new));
        new
    }

    /// Heap bytes: each string and pair with its reference counts, and the sets' slots.
    pub fn bytes(&self) -> usize {
        let counts = 2 * std::mem::size_of::<usize>();
        self.strings.iter().map(|s| s.len() + counts).sum::<usize>()
            + self.strings.capacity() * (std::mem::size_of::<Sym>() + 1)
            + self.pairs.len() * (std::mem::size_of::<(Sym, Sym)>() + counts)
            + self.pairs.capacity() * (std::mem::size_of::<LabelPair>() + 1)
    }

    /// How many strings it holds.
    #[cfg(test)]
    pub fn strings(&self) -> usize {
        self.strings.len()
    }

    /// Gives back a forgotten series' name and labels: each pair, name and value that no
    /// other series holds is dropped from the sets. Costs the series' own labels, never a
    /// pass over every symbol.
    pub fn release(&mut self, name: Sym, labels: SeriesLabels) {
        let mut strings = vec![name];
        for pair in labels.0.into_vec() {
            // Held by the set and by this series alone.
            if Rc::strong_count(&pair) == 2 {
                self.pairs.remove(&pair);
                strings.push(Rc::clone(&pair.0));
                strings.push(Rc::clone(&pair.1));
            }
        }
        strings.sort_by_key(|s| Rc::as_ptr(s).cast::<u8>());
        strings.dedup_by(|a, b| Rc::ptr_eq(a, b));
        for text in strings {
            if Rc::strong_count(&text) == 2 {
                self.strings.remove(&text);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn series_with_the_same_label_share_one_pair() {
        let mut symbols = Symbols::default();
        let a = symbols.labels([("job", "api"), ("le", "1")].into_iter());
        let b = symbols.labels([("job", "api"), ("le", "2")].into_iter());
        assert!(Rc::ptr_eq(&a.0[0], &b.0[0]), "job=\"api\" is kept once");
        assert_eq!(a.get("le"), Some("1"));
        assert_eq!(format!("{a:?}"), r#"[("job", "api"), ("le", "1")]"#);
        assert!(a < b, "ordered by their pairs");
        assert_eq!(symbols.strings(), 5);
    }

    #[test]
    fn a_released_series_gives_back_what_only_it_used() {
        let mut symbols = Symbols::default();
        let kept = symbols.labels([("job", "api"), ("pod", "a")].into_iter());
        let name = symbols.get("up");
        let _kept_name = symbols.get("up");
        let gone = symbols.labels([("job", "api"), ("pod", "gone")].into_iter());
        symbols.release(name, gone);
        // job="api" and pod="a" stay, and so do "up" (held by another), job, api, pod, a.
        assert_eq!(symbols.pairs.len(), 2);
        assert_eq!(symbols.strings(), 5, "only \"gone\" went");
        assert_eq!(kept.get("job"), Some("api"));
        // A value that is also its label's name is given back once, not twice.
        let odd = symbols.labels([("x", "x")].into_iter());
        let odd_name = symbols.get("x");
        symbols.release(odd_name, odd);
        assert_eq!(symbols.strings(), 5);
    }
}
