//! Encoding a QR code and choosing its mask. The `qrcode` crate encodes the
//! data, draws the patterns and applies a mask; pufa scores the eight masks
//! itself with the standard's four penalty rules (ISO/IEC 18004, 7.8.3),
//! over plain rows of booleans, which is many times faster than the
//! crate's own scoring (a build makes one code per featured item).
//!
//! Every mask gives a valid code; the score only picks the one that is
//! easiest for a phone camera to read.

use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::{Color, EcLevel, bits, ec};

const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// The modules of the code for `data` (row by row, `true` is dark) and its
/// width; `None` when the data is too long for a QR code.
pub fn encode(data: &[u8], level: EcLevel) -> Option<(Vec<bool>, usize)> {
    let bits = bits::encode_auto(data, level).ok()?;
    let version = bits.version();
    let (codewords, correction) =
        ec::construct_codewords(&bits.into_bytes(), version, level).ok()?;
    let mut canvas = Canvas::new(version, level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&codewords, &correction);
    let width = version.width() as usize;
    MASKS
        .iter()
        .map(|mask| {
            let mut masked = canvas.clone();
            masked.apply_mask(*mask);
            let dark: Vec<bool> = masked
                .into_colors()
                .into_iter()
                .map(|c| c == Color::Dark)
                .collect();
            (penalty(&dark, width), dark)
        })
        .min_by_key(|(score, _)| *score)
        .map(|(_, dark)| (dark, width))
}

/// The standard's penalty for a square of modules `width` wide: runs of
/// five or more alike in a row or column (3 + the length past 5), 2×2
/// blocks alike (3 each), finder-like 1:1:3:1:1 runs with four light
/// modules on a side (40 each), and dark modules far from half (10 per 5 %).
pub fn penalty(dark: &[bool], width: usize) -> u32 {
    let at = |x: usize, y: usize| dark[y * width + x];
    let mut score = 0;
    for i in 0..width {
        let row: Vec<bool> = (0..width).map(|x| at(x, i)).collect();
        let column: Vec<bool> = (0..width).map(|y| at(i, y)).collect();
        score += runs(&row) + finder_like(&row) + runs(&column) + finder_like(&column);
    }
    for y in 0..width.saturating_sub(1) {
        for x in 0..width - 1 {
            let c = at(x, y);
            if at(x + 1, y) == c && at(x, y + 1) == c && at(x + 1, y + 1) == c {
                score += 3;
            }
        }
    }
    let dark_count = dark.iter().filter(|d| **d).count();
    let percent = dark_count * 100 / dark.len().max(1);
    score + 10 * (percent.abs_diff(50) / 5) as u32
}

fn runs(line: &[bool]) -> u32 {
    let mut score = 0;
    let mut length = 0;
    for (i, module) in line.iter().enumerate() {
        if i > 0 && line[i - 1] == *module {
            length += 1;
        } else {
            length = 1;
        }
        let ends = i + 1 == line.len() || line[i + 1] != *module;
        if ends && length >= 5 {
            score += 3 + (length - 5) as u32;
        }
    }
    score
}

/// Dark-light-dark-dark-dark-light-dark with four light modules before or
/// after it (outside the code counts as light, the quiet zone).
fn finder_like(line: &[bool]) -> u32 {
    const CORE: [bool; 7] = [true, false, true, true, true, false, true];
    let light = |i: isize| i < 0 || i as usize >= line.len() || !line[i as usize];
    let mut score = 0;
    for start in 0..line.len().saturating_sub(6) {
        if line[start..start + 7] != CORE {
            continue;
        }
        let s = start as isize;
        let before = (s - 4..s).all(light);
        let after = (s + 7..s + 11).all(light);
        if before || after {
            score += 40;
        }
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(s: &str) -> Vec<bool> {
        s.chars().map(|c| c == '#').collect()
    }

    #[test]
    fn runs_of_five_or_more_cost_three_and_one_more_per_module() {
        assert_eq!(runs(&line("#####.")), 3);
        assert_eq!(runs(&line("#######")), 5);
        assert_eq!(runs(&line("####.####")), 0);
        assert_eq!(runs(&line(".....#.....")), 6);
    }

    #[test]
    fn finder_like_runs_need_light_on_one_side() {
        assert_eq!(finder_like(&line("....#.###.#")), 40);
        assert_eq!(finder_like(&line("#.###.#....")), 40);
        assert_eq!(finder_like(&line("#.#.###.#.#")), 0);
        // At the edge the quiet zone is light.
        assert_eq!(finder_like(&line("#.###.#")), 40);
    }

    #[test]
    fn blocks_and_balance() {
        // 2×2 all dark: one block (3) and 100 % dark (10 × 10).
        assert_eq!(penalty(&[true; 4], 2), 3 + 100);
        // A checkerboard: no runs, no blocks, half dark.
        let board: Vec<bool> = (0..36).map(|i| (i / 6 + i % 6) % 2 == 0).collect();
        assert_eq!(penalty(&board, 6), 0);
    }

    #[test]
    fn the_code_is_one_of_the_crates_masked_codes_with_the_lowest_score() {
        let url = "https://qiaohua.example/explainers/gaokong-paowu/";
        let (dark, width) = encode(url.as_bytes(), EcLevel::M).unwrap();
        assert_eq!(dark.len(), width * width);
        // Same data and version as the crate's own choice: the modules
        // outside the masked data area (finders, timing) are identical.
        let theirs = qrcode::QrCode::with_error_correction_level(url, EcLevel::M).unwrap();
        assert_eq!(theirs.width(), width);
        let colors = theirs.to_colors();
        for y in 0..7 {
            for x in 0..7 {
                assert_eq!(dark[y * width + x], colors[y * width + x] == Color::Dark);
            }
        }
        // No mask scores lower than the one chosen.
        let chosen = penalty(&dark, width);
        assert!(chosen <= penalty(&line_of(&colors), width));
    }

    fn line_of(colors: &[Color]) -> Vec<bool> {
        colors.iter().map(|c| *c == Color::Dark).collect()
    }

    #[test]
    fn too_long_for_a_code() {
        assert!(encode(&vec![b'a'; 4000], EcLevel::M).is_none());
    }
}
