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

/// Other words for a key: what other site generators, spreadsheets or a
/// volunteer writing in Chinese may call it. Only keys the kind allows are
/// suggested, the first that fits.
const KEY_SYNONYMS: &[(&str, &[&str])] = &[
    ("title", &["标题", "题目", "名称", "headline"]),
    (
        "date",
        &["日期", "published", "pubdate", "publishdate", "created"],
    ),
    (
        "updated",
        &[
            "更新",
            "更新日期",
            "modified",
            "lastmod",
            "last_modified",
            "update",
        ],
    ),
    (
        "summary",
        &["摘要", "简介", "description", "desc", "abstract", "excerpt"],
    ),
    ("category", &["分类", "categories", "类别"]),
    (
        "topics",
        &[
            "专题",
            "主题",
            "tags",
            "tag",
            "categories",
            "keywords",
            "标签",
            "分类",
        ],
    ),
    ("audiences", &["人群", "对象", "readers"]),
    ("buildings", &["楼院", "楼栋", "楼号", "building"]),
    ("laws", &["法律", "法规", "law"]),
    (
        "author",
        &["作者", "撰稿", "撰稿人", "writer", "authors", "by"],
    ),
    (
        "reviewers",
        &[
            "审稿",
            "审稿人",
            "审核",
            "审核人",
            "reviewed_by",
            "checked_by",
        ],
    ),
    ("draft", &["草稿", "unpublished", "hidden"]),
    ("key_points", &["要点", "重点", "highlights", "points"]),
    ("source", &["来源", "出处", "court"]),
    ("issue", &["期号", "期数", "number", "no"]),
    ("total_issue", &["总期号", "总期数"]),
    ("featured", &["内容", "items", "articles"]),
    ("keeper", &["负责人", "editor"]),
    ("month", &["月份"]),
    ("place", &["地点", "location", "address", "venue", "where"]),
    ("time", &["时间", "hour"]),
    (
        "speaker",
        &["主讲", "主讲人", "讲师", "lecturer", "teacher"],
    ),
    ("role", &["身份", "职务", "角色", "job", "position"]),
    (
        "organization",
        &[
            "单位",
            "机构",
            "律所",
            "firm",
            "org",
            "organisation",
            "company",
        ],
    ),
    (
        "phone",
        &["电话", "手机", "联系电话", "tel", "telephone", "mobile"],
    ),
    (
        "hours",
        &["接待时间", "值班时间", "opening_hours", "office_hours"],
    ),
    ("communities", &["社区", "community"]),
    ("community", &["社区", "communities"]),
    ("officer", &["普法宣传员", "宣传员", "楼长", "volunteer"]),
    ("board", &["宣传栏", "宣传栏位置"]),
    ("households", &["户数", "住户"]),
    ("group", &["居民小组", "小组"]),
    ("publisher", &["出版社", "press"]),
    ("year", &["出版年", "年份"]),
    ("isbn", &["书号", "issn"]),
    ("shelf", &["架位", "书架", "位置"]),
    ("copies", &["册数", "数量"]),
    ("format", &["类型", "形式", "type"]),
    ("slug", &["url", "permalink", "网址"]),
    ("extra", &["其他", "params"]),
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

    /// The key an unknown key most likely means here: a word other tools
    /// or the Chinese name use for it (`tags` → `topics`, `标题` → `title`,
    /// `name` → `title` outside contacts and buildings), else the closest
    /// spelling (`titel` → `title`).
    pub fn suggest_key(self, unknown: &str) -> Option<&'static str> {
        let word = unknown.trim().to_lowercase();
        let by_meaning = KEY_SYNONYMS
            .iter()
            .filter(|(_, words)| words.contains(&word.as_str()))
            .map(|(key, _)| *key)
            .find(|key| self.allows(key));
        let by_meaning = match (by_meaning, word.as_str(), self) {
            (_, "name" | "名称" | "姓名", Kind::Contact | Kind::Building) => Some("name"),
            (_, "name" | "名称", _) => Some("title"),
            (_, "date" | "日期", Kind::Bulletin) => Some("month"),
            (found, _, _) => found,
        };
        by_meaning.or_else(|| crate::diagnostic::closest(unknown, self.allowed_keys()))
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
    fn unknown_keys_get_the_key_they_mean() {
        assert_eq!(Kind::Explainer.suggest_key("tags"), Some("topics"));
        assert_eq!(Kind::Explainer.suggest_key("标题"), Some("title"));
        assert_eq!(Kind::Case.suggest_key("日期"), Some("date"));
        assert_eq!(Kind::Bulletin.suggest_key("date"), Some("month"));
        assert_eq!(Kind::Explainer.suggest_key("审稿人"), Some("reviewers"));
        assert_eq!(Kind::Explainer.suggest_key("name"), Some("title"));
        assert_eq!(Kind::Contact.suggest_key("姓名"), Some("name"));
        assert_eq!(Kind::Book.suggest_key("分类"), Some("category"));
        assert_eq!(Kind::Explainer.suggest_key("分类"), Some("topics"));
        assert_eq!(Kind::Explainer.suggest_key("titel"), Some("title"));
        assert_eq!(Kind::Page.suggest_key("价格"), None);
    }

    #[test]
    fn kinds_allow_their_own_keys_only() {
        assert!(Kind::Bulletin.allows("featured"));
        assert!(!Kind::Explainer.allows("featured"));
        assert!(Kind::Explainer.allows("topics"));
    }
}
