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

    /// For a kind fedview does not yet do as Grafana does: prints the figures and every
    /// disagreement as `check` does, says that the kind is short of the 99 % goal and why,
    /// and fails only when agreement falls below `floor` (%), the share reached so far, so
    /// that it can only go up.
    pub(crate) fn check_short_of_goal(&self, floor: f64, why: &str) {
        let agree = self.cases - self.known.len() - self.differences.len();
        let share = 100.0 * agree as f64 / self.cases.max(1) as f64;
        self.report(agree, share);
        println!("{}: SHORT OF THE 99 % GOAL: {why}", self.kind);
        assert!(self.cases > 0, "{}: no cases were compared", self.kind);
        assert!(
            share >= floor,
            "{}: {share:.2} % of cases agree with Grafana, below the {floor} % reached before",
            self.kind
        );
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
