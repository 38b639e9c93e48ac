//! Exports of what the user is looking at: the chart's data as CSV (the PNG comes straight
//! from the canvas). Only series data goes in; credentials have no way in.

use crate::model::series_store::{Family, SeriesStore};

/// Every point of every series of `family` as CSV: `series,timestamp_ms,time_utc,value`,
/// oldest first per series.
pub fn family_csv(store: &SeriesStore, family: &Family) -> String {
    let mut out = String::from("series,timestamp_ms,time_utc,value\n");
    for series in family.series.iter().filter_map(|&i| store.get(i)) {
        let labels: Vec<String> = series
            .labels
            .iter()
            .map(|(n, v)| format!("{n}=\"{v}\""))
            .collect();
        let name = quote(&format!("{}{{{}}}", series.name, labels.join(",")));
        for (t, v) in series.points.iter() {
            out.push_str(&format!("{name},{t},{},{v}\n", iso_utc(t)));
        }
    }
    out
}

/// A CSV field, quoted when it needs to be.
fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

/// `YYYY-MM-DDTHH:MM:SS.mmmZ` for milliseconds since the epoch.
pub fn iso_utc(ms: i64) -> String {
    let seconds = ms.div_euclid(1000);
    let millis = ms.rem_euclid(1000);
    let days = seconds.div_euclid(86_400);
    let of_day = seconds.rem_euclid(86_400);
    // Civil from days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_of_a_family() {
        let mut store = SeriesStore::new(10);
        store
            .ingest(
                b"req_total{code=\"200\",path=\"/a,b\"} 5 1700000000000\n",
                None,
                0,
            )
            .expect("parses");
        store
            .ingest(
                b"req_total{code=\"200\",path=\"/a,b\"} 7 1700000030000\n",
                None,
                0,
            )
            .expect("parses");
        let family = store.family("req_total").expect("family");
        assert_eq!(
            family_csv(&store, family),
            "series,timestamp_ms,time_utc,value\n\
             \"req_total{code=\"\"200\"\",path=\"\"/a,b\"\"}\",1700000000000,2023-11-14T22:13:20.000Z,5\n\
             \"req_total{code=\"\"200\"\",path=\"\"/a,b\"\"}\",1700000030000,2023-11-14T22:13:50.000Z,7\n"
        );
    }

    #[test]
    fn iso_times() {
        assert_eq!(iso_utc(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso_utc(951_782_400_123), "2000-02-29T00:00:00.123Z");
    }
}
