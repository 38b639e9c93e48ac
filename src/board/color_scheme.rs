//! Grafana's colour schemes (`field/fieldColor.ts`) and the theme's colour names
//! (`themes/createVisualizationColors.ts`): the classic palette by series index or by
//! name, the continuous schemes (green-yellow-red and the rest, a B-spline through their
//! colours as d3's `interpolateRgbBasis` draws it), and the names a colour may have beyond
//! the palette's hues (`text`, `panel-bg`, `transparent`, CSS's own). Read from Grafana
//! 13; `tests/grafana_oracle` holds the panel colours to `@grafana/data`'s.

/// The colour Grafana falls back to when a colour is missing.
pub const FALLBACK: &str = "#808080";

/// Grafana's classic palette, in its order.
const CLASSIC: [&str; 64] = [
    "green",
    "semi-dark-yellow",
    "blue",
    "orange",
    "red",
    "purple",
    "dark-green",
    "dark-yellow",
    "dark-blue",
    "dark-orange",
    "dark-red",
    "dark-purple",
    "super-light-green",
    "super-light-yellow",
    "super-light-blue",
    "super-light-orange",
    "super-light-red",
    "super-light-purple",
    "#447EBC",
    "#C15C17",
    "#890F02",
    "#0A437C",
    "#6D1F62",
    "#584477",
    "#B7DBAB",
    "#F4D598",
    "#70DBED",
    "#F9BA8F",
    "#F29191",
    "#82B5D8",
    "#E5A8E2",
    "#AEA2E0",
    "#629E51",
    "#E5AC0E",
    "#64B0C8",
    "#E0752D",
    "#BF1B00",
    "#0A50A1",
    "#962D82",
    "#614D93",
    "#9AC48A",
    "#F2C96D",
    "#65C5DB",
    "#F9934E",
    "#EA6460",
    "#5195CE",
    "#D683CE",
    "#806EB7",
    "#3F6833",
    "#967302",
    "#2F575E",
    "#99440A",
    "#58140C",
    "#052B51",
    "#511749",
    "#3F2B5B",
    "#E0F9D7",
    "#FCEACA",
    "#CFFAFF",
    "#F9E2D2",
    "#FCE2DE",
    "#BADFF4",
    "#F9D9F9",
    "#DEDAF7",
];

/// The colours a continuous scheme runs through, by its id.
fn continuous(mode: &str) -> Option<&'static [&'static str]> {
    Some(match mode {
        "continuous-GrYlRd" => &["green", "yellow", "red"],
        "continuous-RdYlGr" => &["red", "yellow", "green"],
        "continuous-BlYlRd" => &["dark-blue", "super-light-yellow", "dark-red"],
        "continuous-YlRd" => &["super-light-yellow", "dark-red"],
        "continuous-BlPu" => &["blue", "purple"],
        "continuous-YlBl" => &["super-light-yellow", "dark-blue"],
        "continuous-blues" => &["panel-bg", "dark-blue"],
        "continuous-reds" => &["panel-bg", "dark-red"],
        "continuous-greens" => &["panel-bg", "dark-green"],
        "continuous-purples" => &["panel-bg", "dark-purple"],
        _ => return None,
    })
}

/// The colour a scheme gives a value `percent` of the way through the panel's range
/// (continuous schemes), or the `index`th series named `name` (palettes); `None` for a
/// scheme fedview does not know (d3's Viridis and its kin), which the caller draws by
/// thresholds instead.
pub fn scheme_color(
    mode: &str,
    percent: f64,
    index: usize,
    name: &str,
    dark: bool,
    css: impl Fn(&str) -> String,
) -> Option<String> {
    if let Some(stops) = continuous(mode) {
        let stops: Vec<[f64; 3]> = stops.iter().map(|s| rgb(&css(s))).collect();
        return Some(b_spline(&stops, percent));
    }
    match mode {
        "palette-classic" => Some(css(CLASSIC[index % CLASSIC.len()])),
        "palette-classic-by-name" => {
            let background = rgb(if dark { "#181b1f" } else { "#ffffff" });
            let readable: Vec<String> = CLASSIC
                .iter()
                .map(|c| css(c))
                .filter(|c| contrast_ratio(rgb(c), background) >= 3.0)
                .collect();
            let hash = string_hash(name) as usize;
            readable.get(hash % readable.len().max(1)).cloned()
        }
        _ => None,
    }
}

/// The theme's colours that are not hues: the text colour, the panel's background,
/// transparency, and the colours CSS names.
pub fn theme_color(name: &str, dark: bool) -> Option<String> {
    Some(match name {
        "text" if dark => "rgb(204, 204, 220)".to_owned(),
        "text" => "rgba(36, 41, 46, 1)".to_owned(),
        "panel-bg" if dark => "#181b1f".to_owned(),
        "panel-bg" => "#ffffff".to_owned(),
        "transparent" if dark => "rgba(0,0,0,0)".to_owned(),
        "transparent" => "rgba(255, 255, 255, 0)".to_owned(),
        _ => css_name(&name.to_lowercase())?.to_owned(),
    })
}

/// A colour as its red, green and blue (0–255); black for one that cannot be read.
fn rgb(color: &str) -> [f64; 3] {
    super::cell_colors::css_rgba(color).map_or([0.0; 3], |[r, g, b, _]| [r, g, b])
}

/// d3's uniform B-spline through `stops` at `t` (clamped to 0..1), as `rgb(…)` rounds
/// it, written `#rrggbb`.
fn b_spline(stops: &[[f64; 3]], t: f64) -> String {
    let n = stops.len().saturating_sub(1);
    if n == 0 {
        return FALLBACK.to_owned();
    }
    let t = if t.is_nan() { 0.0 } else { t };
    let (i, t) = if t <= 0.0 {
        (0, 0.0)
    } else if t >= 1.0 {
        (n - 1, 1.0)
    } else {
        ((t * n as f64).floor() as usize, t)
    };
    let local = (t - i as f64 / n as f64) * n as f64;
    let mut out = String::from("#");
    let channel_of = |stop: usize, channel: usize| stops[stop][channel];
    for channel in 0..3 {
        let v1 = channel_of(i, channel);
        let v2 = channel_of(i + 1, channel);
        let v0 = if i > 0 {
            channel_of(i - 1, channel)
        } else {
            2.0 * v1 - v2
        };
        let v3 = if i + 2 <= n {
            channel_of(i + 2, channel)
        } else {
            2.0 * v2 - v1
        };
        let (t1, t2) = (local, local * local);
        let t3 = t2 * local;
        let value = ((1.0 - 3.0 * t1 + 3.0 * t2 - t3) * v0
            + (4.0 - 6.0 * t2 + 3.0 * t3) * v1
            + (1.0 + 3.0 * t1 + 3.0 * t2 - 3.0 * t3) * v2
            + t3 * v3)
            / 6.0;
        let byte = crate::model::value_format::js_round(value).clamp(0.0, 255.0);
        out.push_str(&format!("{:02x}", byte as u8));
    }
    out
}

/// WCAG's contrast ratio between two colours.
fn contrast_ratio(a: [f64; 3], b: [f64; 3]) -> f64 {
    let luminance = |c: [f64; 3]| {
        let linear = |v: f64| {
            let v = v / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(c[0]) + 0.7152 * linear(c[1]) + 0.0722 * linear(c[2])
    };
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The npm package `string-hash` (djb2, over UTF-16 code units from the end), which
/// Grafana uses to give a series name its palette colour.
fn string_hash(text: &str) -> u32 {
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut hash: i32 = 5381;
    for unit in units.iter().rev() {
        hash = hash.wrapping_mul(33) ^ i32::from(*unit);
    }
    hash as u32
}

/// The colours CSS names, as Grafana's theme knows them.
fn css_name(name: &str) -> Option<&'static str> {
    const NAMES: [(&str, &str); 141] = [
        ("aliceblue", "#f0f8ff"),
        ("antiquewhite", "#faebd7"),
        ("aqua", "#00ffff"),
        ("aquamarine", "#7fffd4"),
        ("azure", "#f0ffff"),
        ("beige", "#f5f5dc"),
        ("bisque", "#ffe4c4"),
        ("black", "#000000"),
        ("blanchedalmond", "#ffebcd"),
        ("blue", "#0000ff"),
        ("blueviolet", "#8a2be2"),
        ("brown", "#a52a2a"),
        ("burlywood", "#deb887"),
        ("cadetblue", "#5f9ea0"),
        ("chartreuse", "#7fff00"),
        ("chocolate", "#d2691e"),
        ("coral", "#ff7f50"),
        ("cornflowerblue", "#6495ed"),
        ("cornsilk", "#fff8dc"),
        ("crimson", "#dc143c"),
        ("cyan", "#00ffff"),
        ("darkblue", "#00008b"),
        ("darkcyan", "#008b8b"),
        ("darkgoldenrod", "#b8860b"),
        ("darkgray", "#a9a9a9"),
        ("darkgreen", "#006400"),
        ("darkkhaki", "#bdb76b"),
        ("darkmagenta", "#8b008b"),
        ("darkolivegreen", "#556b2f"),
        ("darkorange", "#ff8c00"),
        ("darkorchid", "#9932cc"),
        ("darkred", "#8b0000"),
        ("darksalmon", "#e9967a"),
        ("darkseagreen", "#8fbc8f"),
        ("darkslateblue", "#483d8b"),
        ("darkslategray", "#2f4f4f"),
        ("darkturquoise", "#00ced1"),
        ("darkviolet", "#9400d3"),
        ("deeppink", "#ff1493"),
        ("deepskyblue", "#00bfff"),
        ("dimgray", "#696969"),
        ("dodgerblue", "#1e90ff"),
        ("firebrick", "#b22222"),
        ("floralwhite", "#fffaf0"),
        ("forestgreen", "#228b22"),
        ("fuchsia", "#ff00ff"),
        ("gainsboro", "#dcdcdc"),
        ("ghostwhite", "#f8f8ff"),
        ("gold", "#ffd700"),
        ("goldenrod", "#daa520"),
        ("gray", "#808080"),
        ("green", "#008000"),
        ("greenyellow", "#adff2f"),
        ("honeydew", "#f0fff0"),
        ("hotpink", "#ff69b4"),
        ("indianred", "#cd5c5c"),
        ("indigo", "#4b0082"),
        ("ivory", "#fffff0"),
        ("khaki", "#f0e68c"),
        ("lavender", "#e6e6fa"),
        ("lavenderblush", "#fff0f5"),
        ("lawngreen", "#7cfc00"),
        ("lemonchiffon", "#fffacd"),
        ("lightblue", "#add8e6"),
        ("lightcoral", "#f08080"),
        ("lightcyan", "#e0ffff"),
        ("lightgoldenrodyellow", "#fafad2"),
        ("lightgrey", "#d3d3d3"),
        ("lightgreen", "#90ee90"),
        ("lightpink", "#ffb6c1"),
        ("lightsalmon", "#ffa07a"),
        ("lightseagreen", "#20b2aa"),
        ("lightskyblue", "#87cefa"),
        ("lightslategray", "#778899"),
        ("lightsteelblue", "#b0c4de"),
        ("lightyellow", "#ffffe0"),
        ("lime", "#00ff00"),
        ("limegreen", "#32cd32"),
        ("linen", "#faf0e6"),
        ("magenta", "#ff00ff"),
        ("maroon", "#800000"),
        ("mediumaquamarine", "#66cdaa"),
        ("mediumblue", "#0000cd"),
        ("mediumorchid", "#ba55d3"),
        ("mediumpurple", "#9370d8"),
        ("mediumseagreen", "#3cb371"),
        ("mediumslateblue", "#7b68ee"),
        ("mediumspringgreen", "#00fa9a"),
        ("mediumturquoise", "#48d1cc"),
        ("mediumvioletred", "#c71585"),
        ("midnightblue", "#191970"),
        ("mintcream", "#f5fffa"),
        ("mistyrose", "#ffe4e1"),
        ("moccasin", "#ffe4b5"),
        ("navajowhite", "#ffdead"),
        ("navy", "#000080"),
        ("oldlace", "#fdf5e6"),
        ("olive", "#808000"),
        ("olivedrab", "#6b8e23"),
        ("orange", "#ffa500"),
        ("orangered", "#ff4500"),
        ("orchid", "#da70d6"),
        ("palegoldenrod", "#eee8aa"),
        ("palegreen", "#98fb98"),
        ("paleturquoise", "#afeeee"),
        ("palevioletred", "#d87093"),
        ("papayawhip", "#ffefd5"),
        ("peachpuff", "#ffdab9"),
        ("peru", "#cd853f"),
        ("pink", "#ffc0cb"),
        ("plum", "#dda0dd"),
        ("powderblue", "#b0e0e6"),
        ("purple", "#800080"),
        ("rebeccapurple", "#663399"),
        ("red", "#ff0000"),
        ("rosybrown", "#bc8f8f"),
        ("royalblue", "#4169e1"),
        ("saddlebrown", "#8b4513"),
        ("salmon", "#fa8072"),
        ("sandybrown", "#f4a460"),
        ("seagreen", "#2e8b57"),
        ("seashell", "#fff5ee"),
        ("sienna", "#a0522d"),
        ("silver", "#c0c0c0"),
        ("skyblue", "#87ceeb"),
        ("slateblue", "#6a5acd"),
        ("slategray", "#708090"),
        ("snow", "#fffafa"),
        ("springgreen", "#00ff7f"),
        ("steelblue", "#4682b4"),
        ("tan", "#d2b48c"),
        ("teal", "#008080"),
        ("thistle", "#d8bfd8"),
        ("tomato", "#ff6347"),
        ("turquoise", "#40e0d0"),
        ("violet", "#ee82ee"),
        ("wheat", "#f5deb3"),
        ("white", "#ffffff"),
        ("whitesmoke", "#f5f5f5"),
        ("yellow", "#ffff00"),
        ("yellowgreen", "#9acd32"),
    ];
    NAMES
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(_, hex)| *hex)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_hash_is_the_npm_packages() {
        // string-hash("") is 5381; "a": (5381 × 33) ^ 97.
        assert_eq!(string_hash(""), 5381);
        assert_eq!(string_hash("a"), (5381 * 33) ^ 97);
    }

    #[test]
    fn a_spline_starts_and_ends_on_its_colours() {
        let stops = [[0.0, 0.0, 0.0], [255.0, 255.0, 255.0]];
        assert_eq!(b_spline(&stops, 0.0), "#000000");
        assert_eq!(b_spline(&stops, 1.0), "#ffffff");
        assert_eq!(b_spline(&stops, 2.0), "#ffffff", "clamped");
    }
}
