//! The evidence stamp burned into the bottom of every photo: order, corrected
//! time, position and crew, white on a dark band sized to the image so it
//! stays legible on a phone screen, in the customer's language. The fonts
//! are cut down to the characters the stamp uses: ASCII, ° and ±, and for
//! Chinese the few words of the labels; free text belongs in the event's
//! metadata, not in the pixels.

use std::sync::LazyLock;

use crate::config::{IngestConfig, StampLanguage};
use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use chrono::{DateTime, FixedOffset, Utc};
use fieldcrew_domain::Fix;
use fieldcrew_l10n::Locale;
use image::RgbImage;

/// DejaVu Sans cut down to ASCII, ° and ± (see assets/LICENSE-DejaVu.txt).
const FONT: &[u8] = include_bytes!("../assets/DejaVuSans-ascii.ttf");
/// Noto Sans CJK SC cut down to ASCII, ° ± and the Chinese labels below
/// (see assets/LICENSE-NotoSansCJK.txt).
const FONT_ZH: &[u8] = include_bytes!("../assets/NotoSansSC-stamp.otf");

fieldcrew_l10n::catalogue! {
    /// The stamp's words in one language (`stamp.ftl`): each line is one
    /// message, so the word order is the catalogue's.
    pub struct StampWords {
        extra {}
        texts {
            pub stamp_no_fix,
        }
        formats {
            /// `$number`: the order number.
            pub stamp_order,
            /// `$time`: date, time and offset.
            pub stamp_time,
            /// `$position` (lat, lon) and `$accuracy` (whole metres).
            pub stamp_place,
            pub stamp_place_mock,
            /// `$crew`: the crew's name.
            pub stamp_crew,
        }
    }
}

static ZH_CN: LazyLock<StampWords> =
    LazyLock::new(|| StampWords::from_catalogue(fieldcrew_l10n::files::STAMP.get(Locale::ZhCn)));

static EN: LazyLock<StampWords> =
    LazyLock::new(|| StampWords::from_catalogue(fieldcrew_l10n::files::STAMP.get(Locale::En)));

fn font_of(language: StampLanguage) -> FontRef<'static> {
    let bytes = match language {
        StampLanguage::ZhCn => FONT_ZH,
        StampLanguage::En => FONT,
    };
    FontRef::try_from_slice(bytes).expect("the embedded fonts parse")
}

/// What the stamp says.
#[derive(Clone, Debug, PartialEq)]
pub struct Stamp {
    /// The work-order number as the crew knows it (ASCII).
    pub order_no: String,
    /// When the photo was taken, on the corrected clock (not the raw device clock).
    pub taken_at: DateTime<Utc>,
    /// Where, when the phone had a fix.
    pub fix: Option<Fix>,
    /// Crew code (ASCII).
    pub crew: String,
}

impl Stamp {
    /// The stamp's lines in English, with the time shown at `utc_offset_secs`
    /// east of UTC.
    pub fn lines(&self, utc_offset_secs: i32) -> Vec<String> {
        self.lines_in(StampLanguage::En, utc_offset_secs)
    }

    /// The stamp's lines in `language`. Characters the font lacks become
    /// `?`, so a bad input is visible rather than silently dropped.
    pub fn lines_in(&self, language: StampLanguage, utc_offset_secs: i32) -> Vec<String> {
        let words = match language {
            StampLanguage::ZhCn => &ZH_CN,
            StampLanguage::En => &EN,
        };
        let zone = FixedOffset::east_opt(utc_offset_secs).unwrap_or(FixedOffset::east_opt(0).expect("UTC"));
        let time = self.taken_at.with_timezone(&zone).format("%Y-%m-%d %H:%M:%S %:z").to_string();
        let place = match self.fix {
            Some(fix) => {
                let message = if fix.mock { words.stamp_place_mock } else { words.stamp_place };
                let position = format!("{:.6}, {:.6}", fix.lat, fix.lon);
                let accuracy = format!("{:.0}", fix.accuracy_m);
                message.format(&[("position", position.into()), ("accuracy", accuracy.into())])
            }
            None => words.stamp_no_fix.to_string(),
        };
        let font = font_of(language);
        [
            words.stamp_order.format(&[("number", self.order_no.as_str().into())]),
            words.stamp_time.format(&[("time", time.into())]),
            place,
            words.stamp_crew.format(&[("crew", self.crew.as_str().into())]),
        ]
        .into_iter()
        .map(|line| line.chars().map(|c| if printable(&font, c) { c } else { '?' }).collect())
        .collect()
    }
}

/// Whether `font` draws `c` (its glyph 0 is the missing-glyph box).
fn printable(font: &FontRef<'_>, c: char) -> bool {
    c == ' ' || (!c.is_control() && font.glyph_id(c).0 != 0)
}

/// Darkens a band at the bottom of `image` and writes `lines` on it.
pub(crate) fn burn_in(image: &mut RgbImage, lines: &[String], config: &IngestConfig) {
    let font = font_of(config.stamp_language);
    let (width, height) = image.dimensions();
    let short_edge = width.min(height) as f32;
    let mut text_px = (short_edge * config.stamp_text_share).max(config.stamp_min_text_px);
    let margin = (text_px * 0.6).round();
    // Shrink the text, never the margin, when the widest line would not fit.
    let widest = lines.iter().map(|line| line_width(&font, text_px, line)).fold(0.0, f32::max);
    let room = width as f32 - 2.0 * margin;
    if widest > room && room > 0.0 {
        text_px *= room / widest;
    }
    let scaled = font.as_scaled(PxScale::from(text_px));
    let line_height = (scaled.height() + scaled.line_gap()).ceil();
    let band_height = ((line_height * lines.len() as f32 + 2.0 * margin) as u32).min(height);
    let band_top = height - band_height;

    darken_rows(image, band_top, config.stamp_band_opacity);
    for (index, line) in lines.iter().enumerate() {
        let baseline = band_top as f32 + margin + scaled.ascent() + line_height * index as f32;
        draw_line(image, &font, text_px, margin, baseline, line);
    }
}

/// Multiplies every pixel from row `top` down by `1 - opacity` (black at `opacity`).
fn darken_rows(image: &mut RgbImage, top: u32, opacity: f32) {
    let keep = ((1.0 - opacity.clamp(0.0, 1.0)) * 256.0) as u16;
    let start = top as usize * image.width() as usize * 3;
    for channel in &mut image.as_mut()[start..] {
        *channel = ((u16::from(*channel) * keep) >> 8) as u8;
    }
}

fn line_width(font: &FontRef<'_>, text_px: f32, line: &str) -> f32 {
    let scaled = font.as_scaled(PxScale::from(text_px));
    let mut previous = None;
    let mut width = 0.0;
    for c in line.chars() {
        let id = font.glyph_id(c);
        if let Some(previous) = previous {
            width += scaled.kern(previous, id);
        }
        width += scaled.h_advance(id);
        previous = Some(id);
    }
    width
}

/// Draws white anti-aliased text with its baseline at `baseline`.
fn draw_line(image: &mut RgbImage, font: &FontRef<'_>, text_px: f32, left: f32, baseline: f32, line: &str) {
    let scale = PxScale::from(text_px);
    let scaled = font.as_scaled(scale);
    let (width, height) = image.dimensions();
    let mut caret = left;
    let mut previous = None;
    for c in line.chars() {
        let id = font.glyph_id(c);
        if let Some(previous) = previous {
            caret += scaled.kern(previous, id);
        }
        previous = Some(id);
        let glyph = id.with_scale_and_position(scale, point(caret, baseline));
        caret += scaled.h_advance(id);
        let Some(outline) = font.outline_glyph(glyph) else { continue };
        let bounds = outline.px_bounds();
        outline.draw(|gx, gy, coverage| {
            let x = bounds.min.x as i64 + i64::from(gx);
            let y = bounds.min.y as i64 + i64::from(gy);
            if x < 0 || y < 0 || x >= i64::from(width) || y >= i64::from(height) {
                return;
            }
            let pixel = image.get_pixel_mut(x as u32, y as u32);
            for channel in &mut pixel.0 {
                *channel = (f32::from(*channel) + (255.0 - f32::from(*channel)) * coverage.min(1.0)) as u8;
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn stamp(fix: Option<Fix>) -> Stamp {
        Stamp {
            order_no: "GD2026112200017".into(),
            taken_at: Utc.with_ymd_and_hms(2026, 11, 22, 7, 4, 5).unwrap(),
            fix,
            crew: "城东班 A3".into(),
        }
    }

    #[test]
    fn time_is_shown_in_china_time_with_its_offset() {
        assert_eq!(stamp(None).lines(8 * 3600)[1], "2026-11-22 15:04:05 +08:00");
    }

    #[test]
    fn position_shows_accuracy_and_flags_mock_fixes() {
        let fix = Fix { lat: 39.9042, lon: 116.4074, accuracy_m: 12.4, mock: true };
        assert_eq!(stamp(Some(fix)).lines(0)[2], "39.904200, 116.407400 ±12 m (MOCK LOCATION)");
    }

    #[test]
    fn characters_outside_the_font_become_question_marks() {
        assert_eq!(stamp(None).lines(0)[3], "Crew ??? A3");
    }

    #[test]
    fn every_printable_character_has_a_glyph_in_the_embedded_font() {
        let font = FontRef::try_from_slice(FONT).unwrap();
        let missing: Vec<char> = (' '..='~').chain(['°', '±']).filter(|&c| font.glyph_id(c).0 == 0).collect();
        assert!(missing.is_empty(), "no glyph for {missing:?}");
    }

    #[test]
    fn the_chinese_stamp_names_order_time_position_and_crew_in_chinese() {
        let fix = Fix { lat: 30.5, lon: 114.3, accuracy_m: 8.0, mock: false };
        let zh = stamp(Some(fix)).lines_in(StampLanguage::ZhCn, 8 * 3600);
        assert_eq!(zh[0], "工单 GD2026112200017");
        assert_eq!(zh[1], "时间 2026-11-22 15:04:05 +08:00");
        assert_eq!(zh[2], "位置 30.500000, 114.300000 ±8 米");
        // The crew's own name is free text: only the stamp's words are in the font.
        assert_eq!(zh[3], "班组 ??班 A3");
        assert_eq!(stamp(None).lines_in(StampLanguage::ZhCn, 0)[2], "无定位");
        let mock = Fix { mock: true, ..fix };
        assert!(stamp(Some(mock)).lines_in(StampLanguage::ZhCn, 0)[2].ends_with("（模拟位置）"));
    }

    #[test]
    fn the_stamp_words_match_stamp_ftl_in_both_languages() {
        let problems = fieldcrew_l10n::catalogue::check_file(
            &fieldcrew_l10n::files::STAMP,
            StampWords::MESSAGE_IDS,
            StampWords::FORMAT_IDS,
        );
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn every_character_of_the_chinese_labels_has_a_glyph() {
        let font = font_of(StampLanguage::ZhCn);
        // Every message with its arguments left out: all the words, nothing else.
        let catalogue = fieldcrew_l10n::files::STAMP.get(Locale::ZhCn);
        let text: String = catalogue.message_ids().iter().map(|id| catalogue.format(id, &[])).collect();
        let text = text.replace(['{', '}', '$'], "");
        let missing: Vec<char> =
            text.chars().chain(' '..='~').chain(['°', '±']).filter(|&c| font.glyph_id(c).0 == 0).collect();
        assert!(missing.is_empty(), "no glyph for {missing:?}");
    }
}
