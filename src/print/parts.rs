//! The texts of one sheet before fitting. Everything a sheet shares with
//! the other sheets of its issue (items, boxes, footer) is borrowed from
//! the issue, so the measuring memo ([`super::measure::Memo`]) counts each
//! shared text once; only the masthead lines are the sheet's own.

/// One sheet's own masthead lines (not shared with other sheets, so never
/// in the memo).
#[derive(Debug, Clone, Copy)]
pub struct Own<'t> {
    /// Community and board name (small, top line).
    pub top: &'t str,
    /// Building, volunteer and board place (building sheets).
    pub building: Option<&'t str>,
}

/// One sheet's content as the fitting sees it, borrowed from its issue.
#[derive(Debug, Clone, Copy)]
pub struct SheetText<'a> {
    pub title: &'a str,
    /// `2023年第5期 · 总第41期 · 2023年5月　本期主题：…`.
    pub issue: &'a str,
    pub lead: &'a Lead,
    pub items: &'a [&'a ItemText],
    /// Questions and answers, each `问：…` and `答：…`.
    pub qa: &'a [(String, String)],
    /// The laws the sheet's items cite, as one line of text.
    pub laws: Option<&'a str>,
    pub lectures: &'a BoxText,
    pub hotlines: &'a BoxText,
    pub contacts: &'a Contacts,
    pub footer: &'a str,
}

/// The editor's note: `label` (编者按) and text in one string, so it is
/// measured as printed, and where its sentences end.
#[derive(Debug, Clone, Default)]
pub struct Lead {
    pub text: String,
    /// Bytes of `text` taken by the label and the space after it.
    pub label_len: usize,
    /// Byte offsets in `text` just after each sentence.
    pub sentence_ends: Vec<usize>,
}

impl Lead {
    pub fn new(label: Option<&str>, text: &str) -> Lead {
        let text = text.trim();
        if text.is_empty() {
            return Lead::default();
        }
        let prefix = label.map(|l| format!("{l}　")).unwrap_or_default();
        let label_len = prefix.len();
        let ends = super::notes::sentence_ends(text)
            .into_iter()
            .map(|e| e + label_len)
            .collect();
        Lead {
            text: format!("{prefix}{text}"),
            label_len,
            sentence_ends: ends,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// A featured item.
#[derive(Debug, Clone, Default)]
pub struct ItemText {
    /// `explainers/gaokong` (for messages).
    pub reference: String,
    pub kind: String,
    pub title: String,
    pub summary: String,
    pub key_points: Vec<String>,
    pub qr: bool,
}

/// A framed box of entries, each a bold lead and a text.
#[derive(Debug, Clone, Default)]
pub struct BoxText {
    pub heading: String,
    pub entries: Vec<BoxEntry>,
}

#[derive(Debug, Clone, Default)]
pub struct BoxEntry {
    pub strong: String,
    pub text: String,
    /// `strong` and `text` as printed, for measuring.
    pub joined: String,
    /// Kept when the box is cut down (the hotlines 12348, 110, 96110).
    pub essential: bool,
    /// A phone number printed after the text, never broken across lines.
    pub phone: Option<String>,
}

impl BoxEntry {
    pub fn new(strong: &str, text: &str) -> BoxEntry {
        BoxEntry {
            strong: strong.to_string(),
            text: text.to_string(),
            joined: if strong.is_empty() {
                text.to_string()
            } else {
                format!("{strong} {text}")
            },
            essential: true,
            phone: None,
        }
    }

    /// The entry with `phone` (电话 025-…) after its text.
    pub fn with_phone(mut self, phone: Option<String>) -> BoxEntry {
        if let Some(p) = &phone {
            let sep = if self.text.is_empty() { "" } else { " · " };
            self.joined = format!("{}{sep}{p}", self.joined);
        }
        self.phone = phone;
        self
    }
}

/// The contact box in full (role, organisation, hours, phone) and short
/// (role and phone or hours).
#[derive(Debug, Clone, Default)]
pub struct Contacts {
    pub full: BoxText,
    pub short: BoxText,
}
