//! Grafana's unit catalogue (`valueFormats/categories.ts`): every unit id Grafana lists, in
//! its order, with the way it writes a value. Read from Grafana 13's list; the
//! differential test `tests/grafana_oracle` holds the ids and every formatter to
//! `@grafana/data`'s own.

/// How a unit writes a value, one variant per formatter Grafana builds its units from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Unit {
    /// `toFixedUnit`: the number, then a space and the symbol (none when empty).
    Fixed(&'static str),
    /// `SIPrefix(unit, offset)`: k, M, … and m, µ, … before the unit, starting `offset`
    /// prefixes from none.
    Si(&'static str, i32),
    /// `binaryPrefix(unit, offset)`: Ki, Mi, … before the unit.
    Binary(&'static str, i32),
    /// `scaledUnits(factor, suffixes)`.
    Scaled(f64, &'static [&'static str]),
    /// `simpleCountUnit`: K, M, B, T and then the symbol.
    Count(&'static str),
    /// `currency(symbol, asSuffix)`.
    Currency(&'static str, bool),
    /// `booleanValueFormatter(true, false)`.
    Bool(&'static str, &'static str),
    /// The value as JavaScript's `String` writes it (`string`).
    Text,
    /// `percent`.
    Percent,
    /// `percentunit`: a ratio written as a percentage.
    Ratio,
    /// `hex`.
    Hex,
    /// `hex0x`.
    Hex0x,
    /// `sci`: `toExponential`.
    Scientific,
    /// `locale`: `toLocaleString` in English.
    Locale,
    /// A time unit that steps up to larger ones (`ns` … `d`, `timeticks`).
    Time(TimeUnit),
    /// `dtdurationms`, `dtdurations`: "1 hour, 2 minutes", the value in this many seconds.
    Duration(DurationScale),
    /// `dthms`.
    HoursMinutesSeconds,
    /// `dtdhms`.
    DaysHoursMinutesSeconds,
    /// `clockms` and `clocks` (the value times this many milliseconds).
    Clock(f64),
    /// A date and time (`dateTimeAsIso`, …) in this pattern. The "no date if today"
    /// variants write the whole date too: the pure layer does not know today.
    DateTime(&'static str),
    /// `dateTimeFromNow`.
    FromNow,
}

/// The time units that step up to larger units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TimeUnit {
    Nanoseconds,
    Microseconds,
    Milliseconds,
    Seconds,
    Minutes,
    Hours,
    Days,
    /// Hundredths of a second.
    Ticks,
}

/// The unit a duration's value is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DurationScale {
    Milliseconds,
    Seconds,
}

use DurationScale as D;
use TimeUnit as T;
use Unit::{
    Binary, Bool, Clock, Count, Currency, DateTime, DaysHoursMinutesSeconds, Duration, Fixed,
    FromNow, Hex, Hex0x, HoursMinutesSeconds, Locale, Percent, Ratio, Scaled, Scientific, Si, Text,
    Time,
};

const SHORT: &[&str] = &[
    "", " K", " Mil", " Bil", " Tri", " Quadr", " Quint", " Sext", " Sept",
];
const PSI: &[&str] = &["psi", "ksi", "Mpsi"];
const ISO: &str = "YYYY-MM-DD HH:mm:ss";
const US: &str = "MM/DD/YYYY h:mm:ss a";

/// Every unit Grafana lists, by id, in Grafana's order.
pub(super) const UNITS: &[(&str, Unit)] = &[
    // Misc
    ("none", Fixed("")),
    ("string", Text),
    ("short", Scaled(1e3, SHORT)),
    ("sishort", Si("", 0)),
    ("percent", Percent),
    ("percentunit", Ratio),
    ("humidity", Fixed("%H")),
    ("dB", Fixed("dB")),
    ("candela", Si("cd", 0)),
    ("hex0x", Hex0x),
    ("hex", Hex),
    ("sci", Scientific),
    ("locale", Locale),
    ("pixel", Fixed("px")),
    // Acceleration
    ("accMS2", Fixed("m/sec²")),
    ("accFS2", Fixed("f/sec²")),
    ("accG", Fixed("g")),
    // Angle
    ("degree", Fixed("°")),
    ("radian", Fixed("rad")),
    ("grad", Fixed("grad")),
    ("arcmin", Fixed("arcmin")),
    ("arcsec", Fixed("arcsec")),
    // Area
    ("areaM2", Fixed("m²")),
    ("areaF2", Fixed("ft²")),
    ("areaMI2", Fixed("mi²")),
    ("acres", Fixed("ac")),
    ("hectares", Fixed("ha")),
    // Computation
    ("flops", Si("FLOPS", 0)),
    ("mflops", Si("FLOPS", 2)),
    ("gflops", Si("FLOPS", 3)),
    ("tflops", Si("FLOPS", 4)),
    ("pflops", Si("FLOPS", 5)),
    ("eflops", Si("FLOPS", 6)),
    ("zflops", Si("FLOPS", 7)),
    ("yflops", Si("FLOPS", 8)),
    // Concentration
    ("ppm", Fixed("ppm")),
    ("conppb", Fixed("ppb")),
    ("conngm3", Fixed("ng/m³")),
    ("conngNm3", Fixed("ng/Nm³")),
    ("conμgm3", Fixed("μg/m³")),
    ("conμgNm3", Fixed("μg/Nm³")),
    ("conmgm3", Fixed("mg/m³")),
    ("conmgNm3", Fixed("mg/Nm³")),
    ("congm3", Fixed("g/m³")),
    ("congNm3", Fixed("g/Nm³")),
    ("conmgdL", Fixed("mg/dL")),
    ("conmmolL", Fixed("mmol/L")),
    // Currency
    ("currencyUSD", Currency("$", false)),
    ("currencyGBP", Currency("£", false)),
    ("currencyEUR", Currency("€", false)),
    ("currencyJPY", Currency("¥", false)),
    ("currencyRUB", Currency("₽", false)),
    ("currencyUAH", Currency("₴", false)),
    ("currencyBRL", Currency("R$", false)),
    ("currencyDKK", Currency("kr", true)),
    ("currencyISK", Currency("kr", true)),
    ("currencyNOK", Currency("kr", true)),
    ("currencySEK", Currency("kr", true)),
    ("currencyCZK", Currency("czk", false)),
    ("currencyCHF", Currency("CHF", false)),
    ("currencyPLN", Currency("PLN", false)),
    ("currencyBTC", Currency("฿", false)),
    ("currencymBTC", Currency("mBTC", false)),
    ("currencyμBTC", Currency("μBTC", false)),
    ("currencyZAR", Currency("R", false)),
    ("currencyINR", Currency("₹", false)),
    ("currencyKRW", Currency("₩", false)),
    ("currencyIDR", Currency("Rp", false)),
    ("currencyPHP", Currency("PHP", false)),
    ("currencyVND", Currency("đ", true)),
    ("currencyTRY", Currency("₺", true)),
    ("currencyMYR", Currency("RM", false)),
    ("currencyXPF", Currency("XPF", false)),
    ("currencyBGN", Currency("BGN", false)),
    ("currencyPYG", Currency("₲", false)),
    ("currencyUYU", Currency("UYU", false)),
    ("currencyILS", Currency("₪", false)),
    // Data
    ("bytes", Binary("B", 0)),
    ("decbytes", Si("B", 0)),
    ("bits", Binary("b", 0)),
    ("decbits", Si("b", 0)),
    ("kbytes", Binary("B", 1)),
    ("deckbytes", Si("B", 1)),
    ("mbytes", Binary("B", 2)),
    ("decmbytes", Si("B", 2)),
    ("gbytes", Binary("B", 3)),
    ("decgbytes", Si("B", 3)),
    ("tbytes", Binary("B", 4)),
    ("dectbytes", Si("B", 4)),
    ("pbytes", Binary("B", 5)),
    ("decpbytes", Si("B", 5)),
    // Data rate
    ("pps", Si("p/s", 0)),
    ("binBps", Binary("B/s", 0)),
    ("Bps", Si("B/s", 0)),
    ("binbps", Binary("b/s", 0)),
    ("bps", Si("b/s", 0)),
    ("KiBs", Binary("B/s", 1)),
    ("Kibits", Binary("b/s", 1)),
    ("KBs", Si("B/s", 1)),
    ("Kbits", Si("b/s", 1)),
    ("MiBs", Binary("B/s", 2)),
    ("Mibits", Binary("b/s", 2)),
    ("MBs", Si("B/s", 2)),
    ("Mbits", Si("b/s", 2)),
    ("GiBs", Binary("B/s", 3)),
    ("Gibits", Binary("b/s", 3)),
    ("GBs", Si("B/s", 3)),
    ("Gbits", Si("b/s", 3)),
    ("TiBs", Binary("B/s", 4)),
    ("Tibits", Binary("b/s", 4)),
    ("TBs", Si("B/s", 4)),
    ("Tbits", Si("b/s", 4)),
    ("PiBs", Binary("B/s", 5)),
    ("Pibits", Binary("b/s", 5)),
    ("PBs", Si("B/s", 5)),
    ("Pbits", Si("b/s", 5)),
    // Date & time
    ("dateTimeAsIso", DateTime(ISO)),
    ("dateTimeAsIsoNoDateIfToday", DateTime(ISO)),
    ("dateTimeAsUS", DateTime(US)),
    ("dateTimeAsUSNoDateIfToday", DateTime(US)),
    ("dateTimeAsLocal", DateTime(ISO)),
    ("dateTimeAsLocalNoDateIfToday", DateTime(ISO)),
    ("dateTimeAsSystem", DateTime(ISO)),
    ("dateTimeFromNow", FromNow),
    // Energy
    ("watt", Si("W", 0)),
    ("kwatt", Si("W", 1)),
    ("megwatt", Si("W", 2)),
    ("gwatt", Si("W", 3)),
    ("mwatt", Si("W", -1)),
    ("Wm2", Si("W/m²", 0)),
    ("voltamp", Si("VA", 0)),
    ("kvoltamp", Si("VA", 1)),
    ("voltampreact", Si("VAr", 0)),
    ("kvoltampreact", Si("VAr", 1)),
    ("watth", Si("Wh", 0)),
    ("watthperkg", Si("Wh/kg", 0)),
    ("kwatth", Si("Wh", 1)),
    ("kwattm", Si("W-Min", 1)),
    ("mwatth", Si("Wh", 2)),
    ("amph", Si("Ah", 0)),
    ("kamph", Si("Ah", 1)),
    ("mamph", Si("Ah", -1)),
    ("joule", Si("J", 0)),
    ("ev", Si("eV", 0)),
    ("amp", Si("A", 0)),
    ("kamp", Si("A", 1)),
    ("mamp", Si("A", -1)),
    ("volt", Si("V", 0)),
    ("kvolt", Si("V", 1)),
    ("mvolt", Si("V", -1)),
    ("dBm", Fixed("dbm")),
    ("mohm", Si("Ω", -1)),
    ("ohm", Si("Ω", 0)),
    ("kohm", Si("Ω", 1)),
    ("Mohm", Si("Ω", 2)),
    ("farad", Si("F", 0)),
    ("µfarad", Si("F", -2)),
    ("nfarad", Si("F", -3)),
    ("pfarad", Si("F", -4)),
    ("ffarad", Si("F", -5)),
    ("henry", Si("H", 0)),
    ("mhenry", Si("H", -1)),
    ("µhenry", Si("H", -2)),
    ("lumens", Si("Lm", 0)),
    // Flow
    ("flowgpm", Fixed("gpm")),
    ("flowcms", Fixed("cms")),
    ("flowcfs", Fixed("cfs")),
    ("flowcfm", Fixed("cfm")),
    ("litreh", Fixed("L/h")),
    ("flowlpm", Fixed("L/min")),
    ("flowmlpm", Fixed("mL/min")),
    ("lux", Fixed("lux")),
    // Force
    ("forceNm", Si("Nm", 0)),
    ("forcekNm", Si("Nm", 1)),
    ("forceN", Si("N", 0)),
    ("forcekN", Si("N", 1)),
    // Hash rate
    ("Hs", Si("H/s", 0)),
    ("KHs", Si("H/s", 1)),
    ("MHs", Si("H/s", 2)),
    ("GHs", Si("H/s", 3)),
    ("THs", Si("H/s", 4)),
    ("PHs", Si("H/s", 5)),
    ("EHs", Si("H/s", 6)),
    // Mass
    ("massmg", Si("g", -1)),
    ("massg", Si("g", 0)),
    ("masslb", Fixed("lb")),
    ("masskg", Si("g", 1)),
    ("masst", Fixed("t")),
    // Length
    ("lengthmm", Si("m", -1)),
    ("lengthcm", Fixed("cm")),
    ("lengthin", Fixed("in")),
    ("lengthft", Fixed("ft")),
    ("lengthm", Si("m", 0)),
    ("lengthkm", Si("m", 1)),
    ("lengthmi", Fixed("mi")),
    // Pressure
    ("pressurembar", Si("bar", -1)),
    ("pressurebar", Si("bar", 0)),
    ("pressurekbar", Si("bar", 1)),
    ("pressurepa", Si("Pa", 0)),
    ("pressurehpa", Fixed("hPa")),
    ("pressurekpa", Fixed("kPa")),
    ("pressurehg", Fixed("\"Hg")),
    ("pressurepsi", Scaled(1e3, PSI)),
    // Radiation
    ("radbq", Si("Bq", 0)),
    ("radci", Si("Ci", 0)),
    ("radgy", Si("Gy", 0)),
    ("radrad", Si("rad", 0)),
    ("radsv", Si("Sv", 0)),
    ("radmsv", Si("Sv", -1)),
    ("radusv", Si("Sv", -2)),
    ("radrem", Si("rem", 0)),
    ("radexpckg", Si("C/kg", 0)),
    ("radr", Si("R", 0)),
    ("radsvh", Si("Sv/h", 0)),
    ("radmsvh", Si("Sv/h", -1)),
    ("radusvh", Si("Sv/h", -2)),
    // Rotational speed
    ("rotrpm", Fixed("rpm")),
    ("rothz", Si("Hz", 0)),
    ("rotkhz", Si("Hz", 1)),
    ("rotmhz", Si("Hz", 2)),
    ("rotghz", Si("Hz", 3)),
    ("rotrads", Fixed("rad/s")),
    ("rotdegs", Fixed("°/s")),
    // Temperature
    ("celsius", Fixed("°C")),
    ("fahrenheit", Fixed("°F")),
    ("kelvin", Fixed("K")),
    // Time
    ("hertz", Si("Hz", 0)),
    ("ns", Time(T::Nanoseconds)),
    ("µs", Time(T::Microseconds)),
    ("ms", Time(T::Milliseconds)),
    ("s", Time(T::Seconds)),
    ("m", Time(T::Minutes)),
    ("h", Time(T::Hours)),
    ("d", Time(T::Days)),
    ("dtdurationms", Duration(D::Milliseconds)),
    ("dtdurations", Duration(D::Seconds)),
    ("dthms", HoursMinutesSeconds),
    ("dtdhms", DaysHoursMinutesSeconds),
    ("timeticks", Time(T::Ticks)),
    ("clockms", Clock(1.0)),
    ("clocks", Clock(1e3)),
    // Throughput
    ("cps", Count("c/s")),
    ("ops", Count("ops/s")),
    ("reqps", Count("req/s")),
    ("rps", Count("rd/s")),
    ("wps", Count("wr/s")),
    ("iops", Count("io/s")),
    ("eps", Count("evt/s")),
    ("mps", Count("msg/s")),
    ("recps", Count("rec/s")),
    ("rowsps", Count("rows/s")),
    ("cpm", Count("c/m")),
    ("opm", Count("ops/m")),
    ("reqpm", Count("req/m")),
    ("rpm", Count("rd/m")),
    ("wpm", Count("wr/m")),
    ("epm", Count("evts/m")),
    ("mpm", Count("msgs/m")),
    ("recpm", Count("rec/m")),
    ("rowspm", Count("rows/m")),
    // Velocity
    ("velocityms", Fixed("m/s")),
    ("velocitykmh", Fixed("km/h")),
    ("velocitymph", Fixed("mph")),
    ("velocityknot", Fixed("kn")),
    // Volume
    ("mlitre", Si("L", -1)),
    ("litre", Si("L", 0)),
    ("m3", Fixed("m³")),
    ("Nm3", Fixed("Nm³")),
    ("dm3", Fixed("dm³")),
    ("gallons", Fixed("gal")),
    // Boolean
    ("bool", Bool("True", "False")),
    ("bool_yes_no", Bool("Yes", "No")),
    ("bool_on_off", Bool("On", "Off")),
];

/// The unit Grafana calls `id` (and the one alias it keeps, `farenheit`). Looked up in
/// an index built once: every table cell, legend value and axis label asks.
pub(super) fn unit(id: &str) -> Option<Unit> {
    static INDEX: std::sync::OnceLock<std::collections::HashMap<&'static str, Unit>> =
        std::sync::OnceLock::new();
    let index = INDEX.get_or_init(|| UNITS.iter().copied().collect());
    let id = if id == "farenheit" { "fahrenheit" } else { id };
    index.get(id).copied()
}
