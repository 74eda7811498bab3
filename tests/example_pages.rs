//! The example site's pages show what they should, checked against the
//! content as pufa loads it: each contact with its text and only published
//! phones, lectures, an audience page, and each building's boards with
//! exactly the featured items meant for that building.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use support::*;

/// Published items of the example site, as pufa loads them.
fn items() -> Vec<pufa::content::Item> {
    let mut items = pufa::content::load::load_all(&repo_root()).expect("the example site loads");
    items.retain(|i| !i.fm.draft);
    items
}

/// The part of `html` from `start` to the next `end`.
fn section<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("no {start}"));
    let rest = &html[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// Page paths (`cases/a/`) of the links in a piece of a page two folders deep.
fn linked_paths(html: &str) -> BTreeSet<String> {
    attr_values(html, "href")
        .into_iter()
        .filter_map(|l| l.strip_prefix("../../").map(str::to_string))
        .collect()
}

#[test]
fn contacts_show_their_text_and_only_published_phones() {
    let out = example_output();
    let page = read(&out, "contacts/index.html");
    for item in items()
        .iter()
        .filter(|i| i.kind == pufa::content::Kind::Contact)
    {
        let card = section(&page, &format!("id=\"{}\"", item.slug), "</article>");
        assert!(card.contains(&item.title), "{}", item.id);
        let first_line = item.body.lines().find(|l| !l.trim().is_empty()).unwrap();
        let words: String = first_line.chars().take(12).collect();
        assert!(
            card.contains(&words),
            "{}: its text is shown: {words}",
            item.id
        );
        let phone = item.fm.phone.as_ref().map(|p| p.0.clone()).unwrap();
        assert_eq!(
            card.contains(&phone),
            item.fm.publish_phone,
            "{}: {phone}",
            item.id
        );
        if item.fm.publish_phone {
            assert!(
                card.contains(&format!("href=\"tel:{phone}\"")),
                "{}",
                item.id
            );
        }
    }
    assert!(
        page.contains("href=\"tel:12348\""),
        "the site's first hotline"
    );
}

#[test]
fn lectures_list_and_pages() {
    let out = example_output();
    let list = read(&out, "lectures/index.html");
    assert!(list.contains("共 4 场"), "lectures are counted in 场");
    let lecture = read(&out, "lectures/shibie-dianxin-zhapian/index.html");
    assert!(lecture.contains("识破电信网络诈骗"));
    assert!(
        lecture.contains("2023年6月17日") && lecture.contains("星期六"),
        "date and weekday"
    );
    assert!(
        lecture.contains("href=\"../../contacts/#zhou-huiling\""),
        "the speaker links to their card"
    );
    assert!(list.contains("href=\"../lectures/shibie-dianxin-zhapian/\""));
}

#[test]
fn an_audience_page_lists_exactly_its_items() {
    let out = example_output();
    let page = read(&out, "audiences/lao-nian-ren/index.html");
    assert!(page.contains("<h1>老年人</h1>"));
    let expected: BTreeSet<String> = items()
        .iter()
        .filter(|i| i.fm.audiences.iter().any(|a| a == "老年人"))
        .map(|i| i.url_path())
        .collect();
    assert!(expected.len() > 12, "enough items for two pages");
    assert!(
        page.contains(&format!("共 {} 条", expected.len())),
        "the count"
    );
    // The first page shows 12 (paginate = 12), all of them for 老年人.
    let cards: Vec<&str> = page
        .split("<article class=\"card ")
        .skip(1)
        .map(|c| &c[..c.find("</article>").unwrap()])
        .collect();
    assert_eq!(cards.len(), 12);
    for card in cards {
        let shown = linked_paths(card);
        assert_eq!(shown.len(), 1, "{card}");
        assert!(expected.is_superset(&shown), "{shown:?} is not for 老年人");
    }
}

#[test]
fn each_building_board_shows_exactly_the_items_meant_for_it() {
    use pufa::content::Kind;
    let out = example_output();
    let items = items();
    let by_ref: BTreeMap<String, &pufa::content::Item> =
        items.iter().map(|i| (i.reference(), i)).collect();
    let bulletins: Vec<&pufa::content::Item> =
        items.iter().filter(|i| i.kind == Kind::Bulletin).collect();
    let current = bulletins.iter().max_by_key(|b| b.date).unwrap();
    let mut targeted_somewhere = 0;
    for building in items.iter().filter(|i| i.kind == Kind::Building) {
        let page = read(&out, &format!("buildings/{}/index.html", building.slug));
        let meant = |b: &pufa::content::Item| -> BTreeSet<String> {
            b.fm.featured
                .iter()
                .flatten()
                .map(|f| by_ref[&f.value])
                .filter(|i| i.is_for_building(&building.id))
                .map(|i| i.url_path())
                .collect()
        };
        let now = section(&page, "class=\"board-now\"", "</section>");
        let shown: BTreeSet<String> =
            linked_paths(section(now, "<div class=\"cards\">", "</section>"));
        assert_eq!(shown, meant(current), "{}: this month's board", building.id);
        let past = section(&page, "<ol class=\"issue-list\">", "</ol>");
        for chunk in past.split("<li><a href=\"../../bulletins/").skip(1) {
            let month = &chunk[..7];
            let bulletin = bulletins.iter().find(|b| b.id == month).unwrap();
            let shown: BTreeSet<String> = linked_paths(chunk);
            assert_eq!(shown, meant(bulletin), "{}: board of {month}", building.id);
            let all = bulletin.fm.featured.as_ref().map_or(0, Vec::len);
            targeted_somewhere += usize::from(meant(bulletin).len() != all);
        }
    }
    assert!(
        targeted_somewhere > 0,
        "some boards leave out items meant for other buildings"
    );
}
