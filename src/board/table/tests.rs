//! Table transformations held against Grafana's own rules and tests: `groupBy.test.ts`
//! restated, and the behaviour read from `merge.ts`, `calculateField.ts`, `sortBy.ts` and
//! `fieldComparers.ts`.

use super::*;
use crate::board::table::{
    BinaryOperand, Calculation, CalculationMode, GroupField, GroupOperation,
};

/// The one table `answers` leave after `transformations`.
fn one_table(answers: &[(String, Vec<SeriesRow>)], transformations: &[Transformation]) -> Table {
    let mut tables = build(answers, transformations);
    assert_eq!(tables.len(), 1, "one table left");
    tables.remove(0)
}

fn row(namespace: &str, value: f64) -> SeriesRow {
    SeriesRow {
        labels: vec![("namespace".into(), namespace.into())],
        value: Some(value),
        time_ms: None,
    }
}

#[test]
fn one_query_is_a_row_per_series_with_its_labels_and_value() {
    let table = one_table(
        &[(
            "A".into(),
            vec![SeriesRow {
                labels: vec![
                    ("job".into(), "node".into()),
                    ("mode".into(), "idle".into()),
                ],
                value: Some(3.0),
                time_ms: None,
            }],
        )],
        &[],
    );
    assert_eq!(table.columns, ["job", "mode", "Value"]);
    assert_eq!(
        table.rows,
        [vec![
            Some(Cell::Text("node".into())),
            Some(Cell::Text("idle".into())),
            Some(Cell::Number(3.0))
        ]]
    );
}

#[test]
fn kube_prometheus_quota_table_joins_organizes_and_renames() {
    let answers = vec![
        (
            "A".into(),
            vec![row("kube-system", 7.0), row("default", 2.0)],
        ),
        (
            "B".into(),
            vec![row("default", 1.0), row("monitoring", 4.0)],
        ),
    ];
    let organize = Transformation::Organize {
        exclude: ["Time".to_owned()].into(),
        order: [
            ("namespace".to_owned(), 7),
            ("Value #A".to_owned(), 8),
            ("Value #B".to_owned(), 9),
        ]
        .into(),
        rename: [
            ("Value #A".to_owned(), "Pods".to_owned()),
            ("Value #B".to_owned(), "Workloads".to_owned()),
            ("namespace".to_owned(), "Namespace".to_owned()),
        ]
        .into(),
    };
    let table = one_table(
        &answers,
        &[Transformation::JoinByField("namespace".into()), organize],
    );
    assert_eq!(table.headers(), ["Namespace", "Pods", "Workloads"]);
    let text = |r: &Vec<Option<Cell>>| match &r[0] {
        Some(Cell::Text(t)) => t.clone(),
        _ => String::new(),
    };
    assert_eq!(
        table.rows.iter().map(text).collect::<Vec<_>>(),
        ["kube-system", "default", "monitoring"],
        "an outer join: every namespace once"
    );
    assert_eq!(table.rows[1][1], Some(Cell::Number(2.0)));
    assert_eq!(table.rows[1][2], Some(Cell::Number(1.0)));
    assert_eq!(
        table.rows[0][2],
        absent(),
        "no workloads answer for kube-system"
    );
    assert_eq!(
        crate::board::model::PanelQuery::default().reference(27),
        "B1"
    );
}

/// A table of `columns` and `rows` (text for strings, numbers for numbers).
fn table(columns: &[&str], rows: Vec<Vec<Option<Cell>>>) -> Table {
    Table::of(columns.iter().map(|c| (*c).to_owned()).collect(), rows)
}

fn text(t: &str) -> Option<Cell> {
    Some(Cell::Text(t.to_owned()))
}

fn number(v: f64) -> Option<Cell> {
    Some(Cell::Number(v))
}

fn absent() -> Option<Cell> {
    Some(Cell::Absent)
}

#[test]
fn group_by_reduces_each_group_as_grafanas_own_test_says() {
    // groupBy.test.ts: group by `message`; `time` counted and its last taken, `values`
    // summed.
    let series = table(
        &["time", "message", "values"],
        [
            (3000.0, "one", 1.0),
            (4000.0, "two", 2.0),
            (5000.0, "two", 2.0),
            (6000.0, "three", 3.0),
            (7000.0, "three", 3.0),
            (8000.0, "three", 3.0),
        ]
        .iter()
        .map(|(t, m, v)| vec![number(*t), text(m), number(*v)])
        .collect(),
    );
    let fields = vec![
        GroupField {
            name: "message".into(),
            operation: GroupOperation::GroupBy,
        },
        GroupField {
            name: "time".into(),
            operation: GroupOperation::Aggregate(vec!["count".into(), "last".into()]),
        },
        GroupField {
            name: "values".into(),
            operation: GroupOperation::Aggregate(vec!["sum".into()]),
        },
    ];
    let grouped = apply(&Transformation::GroupBy(fields), vec![series]);
    assert_eq!(
        grouped,
        [table(
            &["message", "time (count)", "time (last)", "values (sum)"],
            vec![
                vec![text("one"), number(1.0), number(3000.0), number(1.0)],
                vec![text("two"), number(2.0), number(5000.0), number(4.0)],
                vec![text("three"), number(3.0), number(8000.0), number(9.0)],
            ]
        )]
    );
}

#[test]
fn group_by_leaves_out_tables_without_the_column_and_keeps_all_without_a_group() {
    let a = table(&["pod", "Value #A"], vec![vec![text("x"), number(1.0)]]);
    let b = table(&["node", "Value #B"], vec![vec![text("n"), number(2.0)]]);
    let by_pod = vec![GroupField {
        name: "pod".into(),
        operation: GroupOperation::GroupBy,
    }];
    let grouped = apply(&Transformation::GroupBy(by_pod), vec![a.clone(), b.clone()]);
    assert_eq!(grouped, [table(&["pod"], vec![vec![text("x")]])]);
    let only_sums = vec![GroupField {
        name: "Value #A".into(),
        operation: GroupOperation::Aggregate(vec!["sum".into()]),
    }];
    assert_eq!(
        apply(
            &Transformation::GroupBy(only_sums),
            vec![a.clone(), b.clone()]
        ),
        [a, b],
        "nothing to group by: the tables as they were"
    );
}

#[test]
fn merge_joins_rows_on_the_columns_every_table_has() {
    // merge.ts: the key is the columns all tables have; a row joins every earlier row of
    // its key it does not contradict; the columns are all the tables', in order met.
    let a = table(
        &["mountpoint", "Value #A"],
        vec![
            vec![text("/"), number(10.0)],
            vec![text("/boot"), number(1.0)],
        ],
    );
    let b = table(
        &["mountpoint", "Value #B"],
        vec![
            vec![text("/boot"), number(0.5)],
            vec![text("/home"), number(7.0)],
        ],
    );
    assert_eq!(
        apply(&Transformation::Merge, vec![a, b]),
        [table(
            &["mountpoint", "Value #A", "Value #B"],
            vec![
                vec![text("/"), number(10.0), absent()],
                vec![text("/boot"), number(1.0), number(0.5)],
                vec![text("/home"), absent(), number(7.0)],
            ]
        )]
    );
    let clash = table(
        &["mountpoint", "Value #A"],
        vec![vec![text("/"), number(3.0)]],
    );
    let merged = apply(
        &Transformation::Merge,
        vec![
            table(
                &["mountpoint", "Value #A"],
                vec![vec![text("/"), number(10.0)]],
            ),
            clash,
        ],
    );
    assert_eq!(
        merged[0].rows.len(),
        2,
        "a row that contradicts stays its own"
    );
    let unrelated = vec![
        table(&["a"], vec![vec![text("1")]]),
        table(&["b"], vec![vec![text("2")]]),
    ];
    assert_eq!(
        apply(&Transformation::Merge, unrelated.clone()),
        unrelated,
        "no column in common: nothing merged"
    );
}

/// A binary calculation of two operands.
fn binary(
    alias: Option<&str>,
    left: BinaryOperand,
    operator: &str,
    right: BinaryOperand,
) -> Transformation {
    Transformation::CalculateField(Calculation {
        alias: alias.map(str::to_owned),
        mode: CalculationMode::Binary {
            left,
            operator: operator.into(),
            right,
        },
        replace_fields: false,
    })
}

#[test]
fn calculate_field_works_out_a_column_row_by_row() {
    let sizes = table(
        &["mountpoint", "Size", "Free"],
        vec![
            vec![text("/"), number(100.0), number(40.0)],
            vec![text("/boot"), number(10.0), None],
        ],
    );
    let used = apply(
        &binary(
            None,
            BinaryOperand::Field("Size".into()),
            "-",
            BinaryOperand::Field("Free".into()),
        ),
        vec![sizes.clone()],
    );
    assert_eq!(
        used[0].columns[3], "Size - Free",
        "Grafana's name without an alias"
    );
    assert_eq!(used[0].rows[0][3], number(60.0));
    assert_eq!(
        used[0].rows[1][3],
        number(10.0),
        "a null counts as 0, as in Grafana (`10 - null`)"
    );
    let mut merged = sizes.clone();
    merged.rows[1][2] = absent();
    let used = apply(
        &binary(
            None,
            BinaryOperand::Field("Size".into()),
            "-",
            BinaryOperand::Field("Free".into()),
        ),
        vec![merged],
    );
    assert!(
        matches!(used[0].rows[1][3], Some(Cell::Number(v)) if v.is_nan()),
        "an absent cell is NaN (`10 - undefined`)"
    );
    let scaled = apply(
        &binary(
            Some("Size in k"),
            BinaryOperand::Field("Size".into()),
            "/",
            BinaryOperand::Fixed("1000".into()),
        ),
        vec![sizes.clone()],
    );
    assert_eq!(scaled[0].columns[3], "Size in k");
    assert_eq!(scaled[0].rows[1][3], number(0.01));
    assert_eq!(
        apply(
            &binary(
                None,
                BinaryOperand::Field("Nope".into()),
                "*",
                BinaryOperand::Fixed("2".into())
            ),
            vec![sizes.clone()]
        ),
        std::slice::from_ref(&sizes),
        "an operand that names no column: the table as it was"
    );
    let mean = Transformation::CalculateField(Calculation {
        alias: None,
        mode: CalculationMode::ReduceRow {
            reducer: "mean".into(),
            include: Vec::new(),
        },
        replace_fields: true,
    });
    assert_eq!(
        apply(&mean, vec![sizes]),
        [table(
            &["Mean"],
            vec![vec![number(70.0)], vec![number(10.0)]]
        )],
        "every number column reduced, the others replaced"
    );
}

#[test]
fn the_old_string_operands_read_as_grafana_reads_them() {
    assert_eq!(
        BinaryOperand::from_text("Value #A"),
        BinaryOperand::Field("Value #A".into())
    );
    assert_eq!(
        BinaryOperand::from_text("100"),
        BinaryOperand::Fixed("100".into())
    );
}

#[test]
fn sort_by_orders_as_grafanas_comparers() {
    let mounts = table(
        &["Mounted on", "Size"],
        vec![
            vec![text("/home"), number(3.0)],
            vec![None, number(9.0)],
            vec![text("/Boot"), number(1.0)],
            vec![text("/"), number(2.0)],
            vec![text("/boot/efi"), None],
        ],
    );
    let by = |field: &str, descending: bool| {
        apply(
            &Transformation::SortBy {
                field: field.into(),
                descending,
            },
            vec![mounts.clone()],
        )
        .remove(0)
    };
    let first_column = |t: Table| -> Vec<String> {
        t.rows
            .iter()
            .map(|r| match &r[0] {
                Some(Cell::Text(t)) => t.clone(),
                _ => String::new(),
            })
            .collect()
    };
    assert_eq!(
        first_column(by("Mounted on", false)),
        ["/", "/Boot", "/boot/efi", "/home", ""],
        "case ignored, empty last"
    );
    assert_eq!(
        first_column(by("Mounted on", true)),
        ["", "/home", "/boot/efi", "/Boot", "/"]
    );
    assert_eq!(
        first_column(by("Size", false)),
        ["/boot/efi", "/Boot", "/", "/home", ""],
        "numbers as numbers, an empty cell as 0"
    );
    assert_eq!(by("Nope", false), mounts, "no such column: as it was");
}

#[test]
fn tables_left_apart_stay_apart_as_grafanas_frames() {
    // Two queries without a merge or a join: two tables, shown one at a time.
    let answers = vec![
        ("A".to_owned(), vec![row("a", 1.0)]),
        ("B".to_owned(), vec![row("b", 2.0), row("c", 3.0)]),
    ];
    let tables = build(&answers, &[]);
    assert_eq!(tables.len(), 2);
    assert_eq!(tables[0].title(), "namespace, Value #A");
    assert_eq!(tables[1].rows.len(), 2);
}

#[test]
fn a_rename_changes_the_header_and_keeps_the_name_as_grafana_does() {
    // Grafana's organize sets the display name; a merge goes by names and drops it, and a
    // group by still finds the column by its name.
    let answers = vec![
        ("A".to_owned(), vec![row("a", 1.0)]),
        ("B".to_owned(), vec![row("a", 2.0)]),
    ];
    let rename = Transformation::Rename([("namespace".to_owned(), "Namespace".to_owned())].into());
    let renamed = build(&answers, std::slice::from_ref(&rename));
    assert_eq!(renamed[0].headers(), ["Namespace", "Value #A"]);
    let merged = one_table(&answers, &[rename.clone(), Transformation::Merge]);
    assert_eq!(merged.headers(), ["namespace", "Value #A", "Value #B"]);
    let grouped = build(
        &answers,
        &[
            rename,
            Transformation::GroupBy(vec![GroupField {
                name: "namespace".into(),
                operation: GroupOperation::GroupBy,
            }]),
        ],
    );
    assert_eq!(grouped[0].headers(), ["Namespace"]);
}

#[test]
fn transformations_apply_in_their_order() {
    // A rename before a sort: the sort names the new name, as in kube-prometheus boards.
    let answers = vec![("A".to_owned(), vec![row("b", 1.0), row("a", 2.0)])];
    let table = one_table(
        &answers,
        &[
            Transformation::Rename([("namespace".to_owned(), "Namespace".to_owned())].into()),
            Transformation::SortBy {
                field: "Namespace".into(),
                descending: false,
            },
        ],
    );
    assert_eq!(table.headers(), ["Namespace", "Value"]);
    assert_eq!(table.rows[0][0], text("a"));
}

#[test]
fn join_by_field_joins_as_grafanas_outer_join() {
    // One table alone is left as it is, duplicate values included.
    let alone = table(
        &["job", "Value"],
        vec![
            vec![text("api"), number(1.0)],
            vec![text("api"), number(2.0)],
        ],
    );
    assert_eq!(
        merge::join_by_field(vec![alone.clone()], "job"),
        [alone],
        "joinDataFrames returns a lone frame unchanged"
    );
    // Several: a row per value in the order met, the last row of each value in each
    // table, other columns of the same name numbered.
    let a = table(
        &["job", "instance", "Value #A"],
        vec![
            vec![text("api"), text("a"), number(1.0)],
            vec![text("db"), text("b"), number(2.0)],
            vec![text("api"), text("c"), number(3.0)],
        ],
    );
    let b = table(
        &["instance", "job", "Value #B"],
        vec![vec![text("d"), text("web"), number(9.0)]],
    );
    let joined = merge::join_by_field(vec![a, b], "job").remove(0);
    assert_eq!(
        joined.headers(),
        ["job", "instance 1", "Value #A", "instance 2", "Value #B"]
    );
    assert_eq!(
        joined.rows,
        vec![
            vec![text("api"), text("c"), number(3.0), absent(), absent()],
            vec![text("db"), text("b"), number(2.0), absent(), absent()],
            vec![text("web"), absent(), absent(), text("d"), number(9.0)],
        ]
    );
}
