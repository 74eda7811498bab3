//! Fitting on made-up sheets of real Chinese text.

use super::*;
use crate::print::parts::{BoxEntry, BoxText, Contacts, Lead};

fn paper(name: &str, orientation: &str) -> Paper {
    Paper::parse(name, orientation).unwrap()
}

struct Fixture {
    items: Vec<ItemText>,
    lead: Lead,
    qa: Vec<(String, String)>,
    lectures: BoxText,
    hotlines: BoxText,
    contacts: Contacts,
}

fn fixture(items: usize, summary_chars: usize) -> Fixture {
    let summary: String = "民法典规定禁止从建筑物中抛掷物品，"
        .chars()
        .cycle()
        .take(summary_chars)
        .collect();
    let entries = |n: usize, text: &str| -> Vec<BoxEntry> {
        (0..n)
            .map(|i| BoxEntry::new(&format!("陈律师{i}"), text))
            .collect()
    };
    Fixture {
        items: (0..items)
            .map(|i| ItemText {
                reference: format!("explainers/a-{i}"),
                kind: "法律常识".into(),
                title: format!("第{i}篇：高空抛物，害人害己"),
                summary: summary.clone(),
                key_points: vec!["禁止高空抛物".into(), "物业应当采取安全保障措施".into()],
                qr: true,
            })
            .collect(),
        lead: Lead::new(
            Some("编者按"),
            "5月是民法典宣传月。本期宣传栏挑了邻居们问得最多的三件事。请大家对照看一看。",
        ),
        qa: vec![(
            "问：楼上扔东西找不到人怎么办？".into(),
            "答：先报警，由可能加害的住户补偿。".into(),
        )],
        lectures: BoxText {
            heading: "法治课堂（本月及下月）".into(),
            entries: entries(1, "民法典与老年人权益"),
        },
        hotlines: BoxText {
            heading: "求助热线".into(),
            entries: entries(5, "公共法律服务热线"),
        },
        contacts: Contacts {
            full: BoxText {
                heading: "法律服务".into(),
                entries: entries(4, "律师 · 明理律师事务所 · 每周三下午"),
            },
            short: BoxText {
                heading: "法律服务".into(),
                entries: entries(4, "律师"),
            },
        },
    }
}

fn text<'a>(f: &'a Fixture, items: &'a [&'a ItemText]) -> SheetText<'a> {
    SheetText {
        title: "美好生活·民法典相伴",
        issue: "2023年第5期 · 2023年5月　本期主题：民法典宣传月",
        lead: &f.lead,
        items,
        qa: &f.qa,
        laws: Some("《民法典》第1254条"),
        lectures: &f.lectures,
        hotlines: &f.hotlines,
        contacts: &f.contacts,
        footer: "负责人：王阿姨　撰稿：社区普法小组",
    }
}

const OWN: Own = Own {
    top: "桥华社区 · 法治宣传栏",
    building: None,
};

#[test]
fn a_short_issue_is_printed_large_with_everything() {
    let f = fixture(2, 40);
    let items: Vec<&ItemText> = f.items.iter().collect();
    let memo = Memo::default();
    let fitted = fit(&text(&f, &items), &OWN, &paper("A3", "portrait"), &memo).unwrap();
    assert!(fitted.cuts.is_empty(), "{:?}", fitted.cuts);
    assert!(fitted.scale.k >= K_RICH, "type grown: {}", fitted.scale.k);
    assert_eq!(fitted.choice.qa, 1);
    assert!(fitted.choice.laws);
    assert!(!fitted.bodies[0].points.is_empty() && fitted.bodies[0].summary.is_some());
    assert!(fitted.height <= fitted.budget);
}

#[test]
fn long_summaries_become_key_points_then_fewer_lines() {
    let f = fixture(4, 400);
    let items: Vec<&ItemText> = f.items.iter().collect();
    let memo = Memo::default();
    let fitted = fit(&text(&f, &items), &OWN, &paper("A4", "portrait"), &memo).unwrap();
    assert!(!fitted.cuts.is_empty());
    assert_eq!(fitted.bodies[0].summary, None, "{:?}", fitted.bodies[0]);
    let mut no_points = fixture(4, 900);
    for i in &mut no_points.items {
        i.key_points.clear();
    }
    let items: Vec<&ItemText> = no_points.items.iter().collect();
    let fitted = fit(
        &text(&no_points, &items),
        &OWN,
        &paper("A4", "portrait"),
        &memo,
    )
    .unwrap();
    assert!(
        fitted.bodies[0]
            .summary
            .as_deref()
            .is_some_and(|s| s.ends_with('…')),
        "{:?}",
        fitted.bodies[0]
    );
}

#[test]
fn the_editors_note_is_cut_at_a_sentence_end() {
    let mut f = fixture(6, 500);
    for i in &mut f.items {
        i.key_points.clear();
    }
    f.lead = Lead::new(
        Some("编者按"),
        &"民法典是社会生活的百科全书。请大家对照看一看。".repeat(8),
    );
    let items: Vec<&ItemText> = f.items.iter().collect();
    let memo = Memo::default();
    let fitted = fit(&text(&f, &items), &OWN, &paper("A4", "portrait"), &memo).unwrap();
    if let Some(lead) = &fitted.lead {
        assert!(lead.ends_with('。'), "{lead}");
    }
    assert!(fitted.cuts.iter().any(|c| c.contains("编者按")));
}

#[test]
fn too_much_is_an_overflow_naming_the_tallest_item() {
    let mut f = fixture(14, 100);
    f.items[3].title = "很长的标题".repeat(20);
    let items: Vec<&ItemText> = f.items.iter().collect();
    let memo = Memo::default();
    let err = fit(&text(&f, &items), &OWN, &paper("A4", "portrait"), &memo).unwrap_err();
    assert!(err.excess > 0.0);
    assert_eq!(err.tallest, Some(3));
    assert!(err.blocks.iter().any(|(p, _)| *p == Part::Items));
}

#[test]
fn landscape_puts_the_boxes_side_by_side() {
    let f = fixture(4, 120);
    let items: Vec<&ItemText> = f.items.iter().collect();
    let memo = Memo::default();
    let fitted = fit(&text(&f, &items), &OWN, &paper("A3", "landscape"), &memo).unwrap();
    assert!(fitted.choice.row_boxes);
    assert_eq!(fitted.rows, vec![3, 1]);
}
