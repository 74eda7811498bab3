//! The default theme, built into the binary so any site (even one made by
//! `pufa init` with no `themes/` folder) renders. A site's `themes/NAME/`
//! and `templates/` files replace these file by file.

macro_rules! theme_files {
    ($dir:literal: $($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../themes/default/", $dir, "/", $name)))),*]
    };
}

pub const DEFAULT_TEMPLATES: &[(&str, &str)] = theme_files!("templates":
    "base.html",
    "partials/card.html",
    "partials/pagination.html",
    "partials/meta.html",
    "partials/laws.html",
    "partials/law_notice.html",
    "partials/law_related.html",
    "index.html",
    "list.html",
    "explainer.html",
    "case.html",
    "bulletin.html",
    "bulletins.html",
    "book.html",
    "books.html",
    "lecture.html",
    "contacts.html",
    "building.html",
    "buildings.html",
    "page.html",
    "archive.html",
    "archive_year.html",
    "archive_month.html",
    "terms.html",
    "term.html",
    "laws.html",
    "law.html",
    "law_list.html",
    "404.html",
    "partials/print_check.html",
    "print_sheet.html",
    "print_cards.html",
    "print_index.html",
    "print_qr.svg",
    "search.html",
);

pub const DEFAULT_STATIC: &[(&str, &str)] = theme_files!("static":
    "style.css",
    "pufa.js",
    "print.css",
    "print-check.js",
    "search-text.js",
    "search-data.js",
    "search-index.js",
    "search-rank.js",
    "search-snippet.js",
    "search-page.js",
);
