//! The eight kinds of content, each living in its own folder under `content/`,
//! with the front-matter keys each kind requires and allows.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Explainer,
    Case,
    Bulletin,
    Book,
    Lecture,
    Contact,
    Building,
    Page,
}

/// Keys every kind may carry.
pub const COMMON_KEYS: &[&str] = &[
    "title",
    "slug",
    "summary",
    "topics",
    "audiences",
    "buildings",
    "laws",
    "author",
    "reviewers",
    "draft",
    "updated",
    "extra",
];

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Explainer,
        Kind::Case,
        Kind::Bulletin,
        Kind::Book,
        Kind::Lecture,
        Kind::Contact,
        Kind::Building,
        Kind::Page,
    ];

    /// The folder under `content/`, which is also the URL section.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Explainer => "explainers",
            Kind::Case => "cases",
            Kind::Bulletin => "bulletins",
            Kind::Book => "books",
            Kind::Lecture => "lectures",
            Kind::Contact => "contacts",
            Kind::Building => "buildings",
            Kind::Page => "pages",
        }
    }

    pub fn from_folder(folder: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.folder() == folder)
    }

    /// Accepts the folder name, the singular, or the Chinese name: what a
    /// volunteer may type after `pufa new`.
    pub fn from_user_word(word: &str) -> Option<Kind> {
        let w = word.trim().to_lowercase();
        Kind::ALL
            .into_iter()
            .find(|k| w == k.folder() || w == k.folder().trim_end_matches('s') || w == k.name_zh())
    }

    /// The kind's Chinese name, as shown on pages and sheets.
    pub fn name_zh(self) -> &'static str {
        match self {
            Kind::Explainer => "法律常识",
            Kind::Case => "以案说法",
            Kind::Bulletin => "宣传栏",
            Kind::Book => "图书",
            Kind::Lecture => "讲座",
            Kind::Contact => "联系人",
            Kind::Building => "楼院",
            Kind::Page => "页面",
        }
    }

    /// Keys that must be present.
    pub fn required_keys(self) -> &'static [&'static str] {
        match self {
            Kind::Explainer | Kind::Case | Kind::Lecture => &["title", "date"],
            Kind::Bulletin => &["title", "month", "issue", "featured"],
            Kind::Book | Kind::Page => &["title"],
            Kind::Contact => &["name", "role"],
            Kind::Building => &["name", "community"],
        }
    }

    /// Keys only this kind may carry (besides [`COMMON_KEYS`]).
    pub fn own_keys(self) -> &'static [&'static str] {
        match self {
            Kind::Explainer => &["date", "key_points"],
            Kind::Case => &["date", "source"],
            Kind::Bulletin => &[
                "month",
                "issue",
                "featured",
                "total_issue",
                "theme",
                "keeper",
                "paper",
                "orientation",
            ],
            Kind::Book => &[
                "author",
                "publisher",
                "year",
                "isbn",
                "category",
                "shelf",
                "copies",
                "format",
                "superseded",
            ],
            Kind::Lecture => &["date", "time", "place", "speaker"],
            Kind::Contact => &[
                "name",
                "role",
                "organization",
                "phone",
                "publish_phone",
                "hours",
                "communities",
            ],
            Kind::Building => &[
                "name",
                "community",
                "group",
                "officer",
                "board",
                "households",
            ],
            Kind::Page => &[],
        }
    }

    pub fn allows(self, key: &str) -> bool {
        COMMON_KEYS.contains(&key) || self.own_keys().contains(&key)
    }

    pub fn allowed_keys(self) -> impl Iterator<Item = &'static str> {
        COMMON_KEYS.iter().chain(self.own_keys()).copied()
    }

    /// Whether items of this kind are dated, and so appear in archives and feeds.
    pub fn is_dated(self) -> bool {
        matches!(
            self,
            Kind::Explainer | Kind::Case | Kind::Bulletin | Kind::Lecture
        )
    }

    /// Whether each item gets a page of its own.
    pub fn has_own_page(self) -> bool {
        !matches!(self, Kind::Contact)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_words_name_kinds() {
        assert_eq!(Kind::from_user_word("explainer"), Some(Kind::Explainer));
        assert_eq!(Kind::from_user_word("cases"), Some(Kind::Case));
        assert_eq!(Kind::from_user_word("以案说法"), Some(Kind::Case));
        assert_eq!(Kind::from_user_word("poem"), None);
    }

    #[test]
    fn kinds_allow_their_own_keys_only() {
        assert!(Kind::Bulletin.allows("featured"));
        assert!(!Kind::Explainer.allows("featured"));
        assert!(Kind::Explainer.allows("topics"));
    }
}
