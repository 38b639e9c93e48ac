//! A table panel's transformations in Grafana's JSON, read and written: `merge`,
//! `joinByField` (and its old name `seriesToColumns`), `organize`, `renameByName`,
//! `groupBy`, `calculateField` (binary and row reduction modes), `sortBy`, `reduce` (series
//! to rows) and `limit`. Others are left out.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::board::table::{
    BinaryOperand, Calculation, CalculationMode, GroupField, GroupOperation, Transformation,
};

/// The transformations of the panel whose fields are `fields`, those fedview applies.
pub fn read(fields: &Map<String, Value>) -> Vec<Transformation> {
    fields
        .get("transformations")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|t| t.get("disabled").and_then(Value::as_bool) != Some(true))
        .filter_map(transformation)
        .collect()
}

/// One transformation, if fedview applies it.
fn transformation(t: &Value) -> Option<Transformation> {
    let options = t.get("options");
    let option = |key: &str| options.and_then(|o| o.get(key));
    Some(match t.get("id")?.as_str()? {
        "merge" => Transformation::Merge,
        "joinByField" | "seriesToColumns" => {
            Transformation::JoinByField(option("byField")?.as_str()?.to_owned())
        }
        "organize" => Transformation::Organize {
            exclude: option("excludeByName")
                .and_then(Value::as_object)
                .map(|m| {
                    m.iter()
                        .filter(|(_, v)| v.as_bool() == Some(true))
                        .map(|(k, _)| k.clone())
                        .collect()
                })
                .unwrap_or_default(),
            order: option("indexByName")
                .and_then(Value::as_object)
                .map(|m| {
                    m.iter()
                        .filter_map(|(k, v)| Some((k.clone(), u32::try_from(v.as_u64()?).ok()?)))
                        .collect()
                })
                .unwrap_or_default(),
            rename: names(option("renameByName")),
        },
        "renameByName" => Transformation::Rename(names(option("renameByName"))),
        "groupBy" => Transformation::GroupBy(group_fields(option("fields")?.as_object()?)),
        "calculateField" => Transformation::CalculateField(calculation(options?)?),
        // `reduce` in its default mode (series to rows); reducing fields is left out.
        "reduce"
            if option("mode")
                .and_then(Value::as_str)
                .unwrap_or("seriesToRows")
                == "seriesToRows" =>
        {
            Transformation::Reduce(
                option("reducers")?
                    .as_array()?
                    .iter()
                    .filter_map(|r| r.as_str().map(str::to_owned))
                    .collect(),
            )
        }
        // Grafana's limit keeps 10 rows when it is given no number.
        "limit" => Transformation::Limit(
            option("limitField")
                .and_then(Value::as_u64)
                .map_or(10, |n| usize::try_from(n).unwrap_or(usize::MAX)),
        ),
        "sortBy" => {
            let first = option("sort")?.as_array()?.first()?;
            Transformation::SortBy {
                field: first.get("field")?.as_str()?.to_owned(),
                descending: first.get("desc").and_then(Value::as_bool) == Some(true),
            }
        }
        _ => return None,
    })
}

/// A map of names to new names.
fn names(map: Option<&Value>) -> BTreeMap<String, String> {
    map.and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                .collect()
        })
        .unwrap_or_default()
}

/// `groupBy`'s fields: grouped by, or reduced (`count` is a count); others left out, as
/// Grafana leaves out a field without an operation or calculations.
fn group_fields(fields: &Map<String, Value>) -> Vec<GroupField> {
    fields
        .iter()
        .filter_map(|(name, field)| {
            let calculations: Vec<String> = field
                .get("aggregations")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|c| c.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            let operation = match field.get("operation")?.as_str()? {
                "groupby" => GroupOperation::GroupBy,
                "aggregate" if !calculations.is_empty() => GroupOperation::Aggregate(calculations),
                "count" => GroupOperation::Aggregate(vec!["count".to_owned()]),
                _ => return None,
            };
            Some(GroupField {
                name: name.clone(),
                operation,
            })
        })
        .collect()
}

/// `calculateField`'s options, in the modes fedview works out (binary operations and row
/// reductions; Grafana's default mode is the row reduction, by `sum`).
fn calculation(options: &Value) -> Option<Calculation> {
    let mode = match options
        .get("mode")
        .and_then(Value::as_str)
        .unwrap_or("reduceRow")
    {
        "binary" => {
            let binary = options.get("binary")?;
            CalculationMode::Binary {
                left: operand(binary.get("left")?)?,
                operator: binary
                    .get("operator")
                    .and_then(Value::as_str)
                    .unwrap_or("+")
                    .to_owned(),
                right: operand(binary.get("right")?)?,
            }
        }
        "reduceRow" => {
            let reduce = options.get("reduce");
            CalculationMode::ReduceRow {
                reducer: reduce
                    .and_then(|r| r.get("reducer"))
                    .and_then(Value::as_str)
                    .unwrap_or("sum")
                    .to_owned(),
                include: reduce
                    .and_then(|r| r.get("include"))
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(|c| c.as_str().map(str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default(),
            }
        }
        _ => return None,
    };
    Some(Calculation {
        alias: options
            .get("alias")
            .and_then(Value::as_str)
            .map(str::to_owned),
        mode,
        replace_fields: options.get("replaceFields").and_then(Value::as_bool) == Some(true),
    })
}

/// A binary operand: `{"fixed": "2"}`, `{"matcher": {"id": "byName", "options": "A"}}`, or
/// the older bare string, as Grafana's `checkBinaryValueType` reads it.
fn operand(value: &Value) -> Option<BinaryOperand> {
    if let Some(text) = value.as_str() {
        return Some(BinaryOperand::from_text(text));
    }
    if let Some(fixed) = value.get("fixed").and_then(Value::as_str) {
        return Some(BinaryOperand::Fixed(fixed.to_owned()));
    }
    let matcher = value.get("matcher")?;
    Some(BinaryOperand::Field(
        matcher.get("options")?.as_str()?.to_owned(),
    ))
}

/// A table transformation as Grafana writes it.
pub fn write(t: &Transformation) -> Value {
    match t {
        Transformation::Merge => json!({"id": "merge", "options": {}}),
        Transformation::JoinByField(field) => {
            json!({"id": "joinByField", "options": {"byField": field, "mode": "outer"}})
        }
        Transformation::Organize {
            exclude,
            order,
            rename,
        } => json!({"id": "organize", "options": {
            "excludeByName": exclude.iter().map(|k| (k.clone(), json!(true))).collect::<Map<String, Value>>(),
            "indexByName": order,
            "renameByName": rename,
        }}),
        Transformation::Rename(rename) => {
            json!({"id": "renameByName", "options": {"renameByName": rename}})
        }
        Transformation::GroupBy(fields) => {
            let fields: Map<String, Value> = fields
                .iter()
                .map(|f| {
                    let options = match &f.operation {
                        GroupOperation::GroupBy => {
                            json!({"operation": "groupby", "aggregations": []})
                        }
                        GroupOperation::Aggregate(calculations) => {
                            json!({"operation": "aggregate", "aggregations": calculations})
                        }
                    };
                    (f.name.clone(), options)
                })
                .collect();
            json!({"id": "groupBy", "options": {"fields": fields}})
        }
        Transformation::CalculateField(calculation) => {
            let mut options = match &calculation.mode {
                CalculationMode::Binary {
                    left,
                    operator,
                    right,
                } => json!({"mode": "binary", "binary": {
                    "left": write_operand(left),
                    "operator": operator,
                    "right": write_operand(right),
                }}),
                CalculationMode::ReduceRow { reducer, include } => {
                    let mut reduce = json!({"reducer": reducer});
                    if !include.is_empty() {
                        reduce["include"] = json!(include);
                    }
                    json!({"mode": "reduceRow", "reduce": reduce})
                }
            };
            if let Some(alias) = &calculation.alias {
                options["alias"] = json!(alias);
            }
            if calculation.replace_fields {
                options["replaceFields"] = json!(true);
            }
            json!({"id": "calculateField", "options": options})
        }
        Transformation::SortBy { field, descending } => {
            json!({"id": "sortBy", "options": {"sort": [{"field": field, "desc": descending}]}})
        }
        Transformation::Reduce(reducers) => {
            json!({"id": "reduce", "options": {"reducers": reducers}})
        }
        Transformation::Limit(rows) => json!({"id": "limit", "options": {"limitField": rows}}),
    }
}

/// A binary operand as Grafana writes it today.
fn write_operand(operand: &BinaryOperand) -> Value {
    match operand {
        BinaryOperand::Field(name) => json!({"matcher": {"id": "byName", "options": name}}),
        BinaryOperand::Fixed(number) => json!({"fixed": number}),
    }
}
