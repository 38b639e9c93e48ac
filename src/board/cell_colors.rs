//! The colours of a coloured table cell, as Grafana's table works them out with the
//! `tinycolor2` library: a background's gradient partner (darkened by 10 % in the dark
//! theme, lightened by 7 % in the light one, its hue turned by 5°), and the text colour
//! that reads on a background (dark on a bright one, light on a dark one, the theme's own
//! on a nearly clear one). Colours are read as CSS writes them (`#rgb`, `#rrggbb`,
//! `#rrggbbaa`, `rgb()`, `rgba()`).

/// A colour's red, green and blue (0–255, unrounded) and its opacity (0–1).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rgba {
    r: f64,
    g: f64,
    b: f64,
    a: f64,
}

/// `color`'s red, green and blue (0–255) and opacity (0–1), when it is one of the CSS
/// forms above: the one reader of colours the board and the charts use.
pub fn css_rgba(color: &str) -> Option<[f64; 4]> {
    parse(color).map(|c| [c.r, c.g, c.b, c.a])
}

/// `color` read as a CSS colour, if it is one of the forms above.
fn parse(color: &str) -> Option<Rgba> {
    let color = color.trim();
    if let Some(digits) = color.strip_prefix('#') {
        let hex = |s: &str| u8::from_str_radix(s, 16).ok().map(f64::from);
        let pairs: Vec<f64> = match digits.len() {
            3 | 4 => digits
                .chars()
                .map(|c| hex(&format!("{c}{c}")))
                .collect::<Option<_>>()?,
            6 | 8 => (0..digits.len())
                .step_by(2)
                .map(|i| digits.get(i..i + 2).and_then(hex))
                .collect::<Option<_>>()?,
            _ => return None,
        };
        return Some(Rgba {
            r: pairs[0],
            g: pairs[1],
            b: pairs[2],
            a: pairs.get(3).map_or(1.0, |a| a / 255.0),
        });
    }
    let inner = color
        .strip_prefix("rgba(")
        .or_else(|| color.strip_prefix("rgb("))?
        .strip_suffix(')')?;
    let parts: Vec<f64> = inner
        .split(',')
        .map(|p| p.trim().parse().ok())
        .collect::<Option<_>>()?;
    let channel = |v: f64| v.clamp(0.0, 255.0);
    match parts[..] {
        [r, g, b] => Some(Rgba {
            r: channel(r),
            g: channel(g),
            b: channel(b),
            a: 1.0,
        }),
        [r, g, b, a] => Some(Rgba {
            r: channel(r),
            g: channel(g),
            b: channel(b),
            a: if a.is_nan() { 1.0 } else { a.clamp(0.0, 1.0) },
        }),
        _ => None,
    }
}

/// Hue (degrees), saturation and lightness (0–1) of `c`.
fn to_hsl(c: Rgba) -> (f64, f64, f64) {
    let (r, g, b) = (c.r / 255.0, c.g / 255.0, c.b / 255.0);
    let max = r.max(g).max(b);
    let min = r.min(g).min(b);
    let l = (max + min) / 2.0;
    if max == min {
        return (0.0, 0.0, l);
    }
    let d = max - min;
    let s = if l > 0.5 {
        d / (2.0 - max - min)
    } else {
        d / (max + min)
    };
    let h = if max == r {
        (g - b) / d + if g < b { 6.0 } else { 0.0 }
    } else if max == g {
        (b - r) / d + 2.0
    } else {
        (r - g) / d + 4.0
    };
    (h / 6.0 * 360.0, s, l)
}

/// The colour of hue `h` (degrees), saturation `s` and lightness `l`, with opacity `a`.
fn from_hsl(h: f64, s: f64, l: f64, a: f64) -> Rgba {
    // A hue of 360 is a whole turn, as tinycolor reads it.
    let h = if (h - 360.0).abs() < 1e-6 {
        1.0
    } else {
        (h.clamp(0.0, 360.0) % 360.0) / 360.0
    };
    // Saturation and lightness go through tinycolor as percentages, cut (not rounded) to
    // two places: `bound01`'s `parseInt(n * 100) / 100`.
    let percent = |v: f64| {
        let cut = ((v.clamp(0.0, 1.0) * 100.0) * 100.0).trunc() / 100.0;
        if (cut - 100.0).abs() < 1e-6 {
            1.0
        } else {
            (cut % 100.0) / 100.0
        }
    };
    let (s, l) = (percent(s), percent(l));
    let channel = |t: f64| {
        if s == 0.0 {
            return l;
        }
        let q = if l < 0.5 {
            l * (1.0 + s)
        } else {
            l + s - l * s
        };
        let p = 2.0 * l - q;
        let t = if t < 0.0 {
            t + 1.0
        } else if t > 1.0 {
            t - 1.0
        } else {
            t
        };
        if t < 1.0 / 6.0 {
            p + (q - p) * 6.0 * t
        } else if t < 0.5 {
            q
        } else if t < 2.0 / 3.0 {
            p + (q - p) * (2.0 / 3.0 - t) * 6.0
        } else {
            p
        }
    };
    Rgba {
        r: channel(h + 1.0 / 3.0) * 255.0,
        g: channel(h) * 255.0,
        b: channel(h - 1.0 / 3.0) * 255.0,
        a,
    }
}

/// `c` as tinycolor's `toRgbString` writes it: `rgb(r, g, b)`, or `rgba(…, a)` with the
/// opacity to two places when it is not whole.
fn rgb_string(c: Rgba) -> String {
    let round = |v: f64| (v + 0.5).floor();
    let (r, g, b) = (round(c.r), round(c.g), round(c.b));
    let a = (c.a * 100.0 + 0.5).floor() / 100.0;
    if a == 1.0 {
        format!("rgb({r}, {g}, {b})")
    } else {
        format!("rgba({r}, {g}, {b}, {a})")
    }
}

/// The second colour of a gradient background that ends in `color`, as Grafana's table
/// works it out: darkened by 10 (dark theme) or lightened by 7 (light theme) points of
/// lightness, then its hue turned by 5°. `None` for a colour that cannot be read.
pub fn gradient_partner(color: &str, dark: bool) -> Option<String> {
    let c = parse(color)?;
    let (h, s, l) = to_hsl(c);
    let amount = 10.0 * if dark { 1.0 } else { -0.7 };
    let darker = from_hsl(h, s, (l - amount / 100.0).clamp(0.0, 1.0), c.a);
    let (h, s, l) = to_hsl(darker);
    Some(rgb_string(from_hsl((h + 5.0) % 360.0, s, l, c.a)))
}

/// `color` with its hue turned by `degrees`, as tinycolor's `spin` turns it (Grafana's
/// `hue` gradient); `None` for a colour that cannot be read.
pub fn turned(color: &str, degrees: f64) -> Option<String> {
    let c = parse(color)?;
    let (h, s, l) = to_hsl(c);
    let hue = (h + degrees) % 360.0;
    let hue = if hue < 0.0 { 360.0 + hue } else { hue };
    Some(rgb_string(from_hsl(hue, s, l, c.a)))
}

/// `color` made lighter by `points` of lightness (darker for a negative number), as
/// tinycolor's `lighten` does; `None` for a colour that cannot be read.
pub fn lightened(color: &str, points: f64) -> Option<String> {
    let c = parse(color)?;
    let (h, s, l) = to_hsl(c);
    Some(rgb_string(from_hsl(
        h,
        s,
        (l + points / 100.0).clamp(0.0, 1.0),
        c.a,
    )))
}

/// The text colour that reads on a `background`, as Grafana's
/// `getTextColorForAlphaBackground` picks it: on a nearly clear background (opacity under
/// 0.3) the theme's own, else dark on a bright one (brightness over 180) and light on
/// the rest.
pub fn text_on(background: &str, dark: bool) -> &'static str {
    const DARK_TEXT: &str = "rgb(32, 34, 38)";
    const LIGHT_TEXT: &str = "rgb(247, 248, 250)";
    let Some(c) = parse(background) else {
        return if dark { LIGHT_TEXT } else { DARK_TEXT };
    };
    if c.a < 0.3 {
        return if dark { LIGHT_TEXT } else { DARK_TEXT };
    }
    let round = |v: f64| (v + 0.5).floor();
    let brightness = (round(c.r) * 299.0 + round(c.g) * 587.0 + round(c.b) * 114.0) / 1000.0;
    if brightness > 180.0 {
        DARK_TEXT
    } else {
        LIGHT_TEXT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gradient_partner_is_darker_and_turned_in_the_dark_theme_lighter_in_the_light() {
        // Grafana's red (#F2495C), worked through tinycolor2 1.6 in Node 20:
        // tinycolor('#F2495C').darken(10).spin(5).toRgbString() and darken(-7).
        assert_eq!(
            gradient_partner("#F2495C", true).as_deref(),
            Some("rgb(239, 25, 32)")
        );
        assert_eq!(
            gradient_partner("#F2495C", false).as_deref(),
            Some("rgb(244, 106, 110)")
        );
        assert_eq!(
            gradient_partner("rgba(245, 54, 54, 0.9)", true).as_deref(),
            Some("rgba(236, 30, 12, 0.9)")
        );
        assert_eq!(gradient_partner("transparent", true), None);
    }

    #[test]
    fn a_colour_turned_as_tinycolor_spins_it() {
        // tinycolor2 1.6 in Node 20: tinycolor('#73BF69').spin(15) and spin(-15).
        assert_eq!(
            turned("#73BF69", 15.0).as_deref(),
            Some("rgb(105, 191, 116)")
        );
        assert_eq!(
            turned("#73BF69", -15.0).as_deref(),
            Some("rgb(136, 191, 105)")
        );
    }

    #[test]
    fn a_colour_lightened_as_tinycolor_lightens_it() {
        // tinycolor2 1.6 in Node 20: tinycolor('#73BF69').lighten(10) and darken(10).
        assert_eq!(
            lightened("#73BF69", 10.0).as_deref(),
            Some("rgb(148, 206, 141)")
        );
        assert_eq!(
            lightened("#73BF69", -10.0).as_deref(),
            Some("rgb(85, 172, 73)")
        );
    }

    #[test]
    fn text_reads_on_its_background() {
        assert_eq!(text_on("#FADE2A", true), "rgb(32, 34, 38)");
        assert_eq!(text_on("#C4162A", false), "rgb(247, 248, 250)");
        assert_eq!(text_on("rgba(0, 0, 0, 0.1)", false), "rgb(32, 34, 38)");
    }
}
