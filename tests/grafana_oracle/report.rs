//! Counting agreement: each kind's cases, how many agree with Grafana, the disagreements
//! with their inputs, and the check that at least 99 % agree.

/// The agreement of one kind of case with Grafana.
#[derive(Debug)]
pub(crate) struct Agreement {
    kind: &'static str,
    cases: usize,
    known: Vec<String>,
    differences: Vec<String>,
}

impl Agreement {
    pub(crate) fn new(kind: &'static str) -> Self {
        Self {
            kind,
            cases: 0,
            known: Vec::new(),
            differences: Vec::new(),
        }
    }

    /// One case: `input` with fedview's and Grafana's answers. A disagreement that
    /// `known` explains is counted apart, never as an agreement.
    pub(crate) fn case(&mut self, input: &str, ours: &str, theirs: &str, known: Option<&str>) {
        self.cases += 1;
        if ours == theirs {
            return;
        }
        let line = format!("{input}: fedview {ours}, Grafana {theirs}");
        match known {
            Some(why) => self.known.push(format!("{line} ({why})")),
            None => self.differences.push(line),
        }
    }

    fn report(&self, agree: usize, share: f64) {
        println!(
            "{}: {agree} / {} agree with Grafana ({share:.2} %), {} known differences, {} unexplained",
            self.kind,
            self.cases,
            self.known.len(),
            self.differences.len()
        );
        for line in self.known.iter().take(20) {
            println!("  known: {line}");
        }
        for line in self.differences.iter().take(200) {
            println!("  DIFFERS: {line}");
        }
    }

    /// Prints the figures and every disagreement, and fails below 99 % or on any
    /// disagreement not known and explained.
    pub(crate) fn check(&self) {
        let agree = self.cases - self.known.len() - self.differences.len();
        let share = 100.0 * agree as f64 / self.cases.max(1) as f64;
        self.report(agree, share);
        assert!(self.cases > 0, "{}: no cases were compared", self.kind);
        assert!(
            self.differences.is_empty() && share >= 99.0,
            "{}: {} of {} cases disagree with Grafana without an explanation ({share:.2} % agree; \
             see the lines above)",
            self.kind,
            self.differences.len(),
            self.cases
        );
    }
}
