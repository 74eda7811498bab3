//! `pufa check` on privacy (phone and ID numbers wherever they would be
//! published, full names in case titles) and review (审稿人).

#[path = "support/checking.rs"]
mod checking;
mod support;

use checking::*;
use support::*;

#[test]
fn mobile_and_id_numbers_in_published_text() {
    let a = explainer(
        "title: 甲\ndate: 2023-05-12\nsummary: 咨询请拨 138-1234-5678\n",
        "正文。\n\n身份证号11010519491231002X，热线12348。\n",
    );
    let hidden = "---\nname: 王阿姨\nrole: 普法宣传员\nphone: \"13912345678\"\n---\n有事请打 13912345678。\n";
    let lawyer = "---\nname: 陈律师\nrole: 律师\nphone: \"13712345678\"\npublish_phone: true\n---\n电话 13712345678。\n";
    let out = expect_exactly(
        "c-privacy",
        &[
            ("content/explainers/a.md", &a),
            ("content/contacts/wang.md", hidden),
            ("content/contacts/chen.md", lawyer),
        ],
        &[
            "content/contacts/wang.md:6:6: error: a mobile phone number (139****5678) would be published",
            "content/explainers/a.md:4:15: error: a mobile phone number (138****5678) would be published",
            "content/explainers/a.md:9:5: error: an ID card number (110***********002X) would be published",
        ],
    );
    assert!(
        out.contains("publish it on purpose with `publish_phone: true`"),
        "{out}"
    );
}

#[test]
fn numbers_written_with_a_country_code_or_full_width_digits() {
    let a = explainer(
        "title: 甲\ndate: 2023-05-12\n",
        "微信同号+8613812345678\n\n手机：１３９１２３４５６７８\n\n身份证：１１０１０５１９４９１２３１００２Ｘ\n\n订单号8613812345678不是电话。\n",
    );
    expect_exactly(
        "c-privacy-forms",
        &[("content/explainers/a.md", &a)],
        &[
            "content/explainers/a.md:6:5: error: a mobile phone number (138****5678) would be published",
            "content/explainers/a.md:8:4: error: a mobile phone number (139****5678) would be published",
            "content/explainers/a.md:10:5: error: an ID card number (110***********002X) would be published",
        ],
    );
}

#[test]
fn a_contact_that_publishes_its_phone_still_may_not_publish_an_id_number() {
    let lawyer = "---\nname: 陈律师\nrole: 律师\nphone: \"13712345678\"\npublish_phone: true\n---\n电话 13712345678，身份证 11010519491231002X。\n";
    expect_exactly(
        "c-privacy-contact",
        &[("content/contacts/chen.md", lawyer)],
        &[
            "content/contacts/chen.md:7:20: error: an ID card number (110***********002X) would be published",
        ],
    );
}

#[test]
fn published_settings_in_site_toml_are_scanned() {
    let toml = "title = \"桥华社区\"\n# 负责人电话 13612345678（注释不发布）\ndescription = \"有事请找王阿姨 13812345678\"\n\n[[hotlines]]\nnumber = \"13912345678\"\nname = \"社区热线\"\n\n[extra]\nwechat = { note = \"加微信 +86 137 1234 5678\" }\n";
    let toml = toml.replace(
        "title = \"桥华社区\"\n",
        "title = \"桥华社区\"\nbase_url = \"https://t.example/\"\n",
    );
    let root = make_site(
        "c-privacy-toml",
        &[
            ("site.toml", &toml),
            ("content/pages/about.md", "---\ntitle: 关于\n---\n"),
        ],
    );
    let (code, out) = check_root(&root, &[]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        problem_lines(&out),
        [
            "site.toml:4:24: error: a mobile phone number (138****5678) would be published",
            "site.toml:7:11: error: a mobile phone number (139****5678) would be published",
            "site.toml:11:24: error: a mobile phone number (137****5678) would be published",
        ]
    );
}

#[test]
fn full_name_in_a_case_title_is_a_warning_at_the_name() {
    let a =
        "---\ntitle: 张伟诉李娜房屋租赁合同纠纷案\ndate: 2023-05-12\nreviewers: [陈律师]\n---\n";
    let b =
        "---\ntitle: 张某诉李某房屋租赁合同纠纷案\ndate: 2023-05-12\nreviewers: [陈律师]\n---\n";
    let c = "---\ntitle: 高某与欧阳娜娜离婚纠纷\ndate: 2023-05-12\nreviewers: [陈律师]\n---\n";
    let (code, out) = check(
        "c-name",
        &[
            ("content/cases/a.md", a),
            ("content/cases/b.md", b),
            ("content/cases/c.md", c),
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        problem_lines(&out),
        [
            "content/cases/a.md:2:8: warning: the title seems to name a person in full (“张伟”)",
            "content/cases/c.md:2:11: warning: the title seems to name a person in full (“欧阳娜娜”)",
        ]
    );
    assert!(
        out.contains("hint: case studies keep people anonymous: write 欧阳某 instead"),
        "{out}"
    );
}

// ---- review -------------------------------------------------------------

#[test]
fn review_is_a_warning_or_with_require_review_an_error_except_drafts() {
    let a = "---\ntitle: 甲\ndate: 2023-05-12\n---\n";
    let b = "---\ntitle: 乙\ndate: 2023-05-12\nreviewers: []\n---\n";
    let draft = "---\ntitle: 丙\ndate: 2023-05-12\ndraft: true\n---\n";
    let files = [
        ("content/explainers/a.md", a),
        ("content/explainers/b.md", b),
        ("content/explainers/c.md", draft),
    ];
    let (code, out) = check("c-review", &files);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        problem_lines(&out),
        [
            "content/explainers/a.md:2:1: warning: no reviewer (审稿人) is named for this 法律常识",
            "content/explainers/b.md:4:1: warning: no reviewer (审稿人) is named for this 法律常识",
        ]
    );

    let mut strict = files.to_vec();
    strict.push((
        "site.toml",
        "title = \"测试\"\nbase_url = \"https://t.example/\"\nrequire_review = true\n",
    ));
    let root = make_site("c-review-strict", &strict);
    let (code, out) = check_root(&root, &["--drafts"]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        problem_lines(&out),
        [
            "content/explainers/a.md:2:1: error: no reviewer (审稿人) is named for this 法律常识",
            "content/explainers/b.md:4:1: error: no reviewer (审稿人) is named for this 法律常识",
            "content/explainers/c.md:2:1: warning: no reviewer (审稿人) is named for this 法律常识",
        ]
    );
}

#[test]
fn lectures_are_reviewed_pages_books_and_contacts_are_not() {
    let lecture = "---\ntitle: 民法典进社区\ndate: 2023-06-10\n---\n";
    let page = "---\ntitle: 关于我们\n---\n";
    let book = "---\ntitle: 民法典\ncategory: 民法\n---\n";
    let contact = "---\nname: 陈律师\nrole: 律师\n---\n";
    // A reviewer written wrongly is reported once, as a wrong value.
    let wrong = "---\ntitle: 甲\ndate: 2023-05-12\nreviewers: 陈律师\n---\n";
    let (_, out) = check(
        "c-review-kinds",
        &[
            ("content/lectures/a.md", lecture),
            ("content/pages/about.md", page),
            ("content/books/a.md", book),
            ("content/contacts/chen.md", contact),
            ("content/explainers/wrong.md", wrong),
        ],
    );
    assert_eq!(
        problem_lines(&out),
        [
            "content/explainers/wrong.md:4:12: error: `reviewers`: expected a list",
            "content/lectures/a.md:2:1: warning: no reviewer (审稿人) is named for this 讲座",
        ]
    );
}
