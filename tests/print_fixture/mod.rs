//! The small two-community site the print tests build: bulletins on A3
//! (the site default), A4 and 600x800mm, two buildings, three contacts.

use std::path::PathBuf;

use super::support::make_site;

/// Long enough that four of them do not fit an A4 sheet unshortened.
pub const LONG: &str = "高空抛物严重危害公共安全，侵害人民群众合法权益。民法典第一千二百五十四条规定，禁止从建筑物中抛掷物品。从建筑物中抛掷物品或者从建筑物上坠落的物品造成他人损害的，由侵权人依法承担侵权责任；经调查难以确定具体侵权人的，除能够证明自己不是侵权人的外，由可能加害的建筑物使用人给予补偿。物业服务企业等建筑物管理人应当采取必要的安全保障措施防止前款规定情形的发生。";

pub fn explainer(title: &str, date: &str, summary: &str, extra: &str) -> String {
    format!(
        "---\ntitle: {title}\ndate: {date}\nsummary: {summary}\nkey_points:\n  - 禁止从建筑物中抛掷物品\n  - 难以确定侵权人的，由可能加害的使用人补偿\n  - 物业应当采取必要的安全保障措施\n{extra}---\n正文。\n"
    )
}

pub fn bulletin(month: &str, issue: u32, paper: &str, featured: &[&str]) -> String {
    format!(
        "---\ntitle: {month}月法治宣传栏\nmonth: \"{month}\"\nissue: {issue}\ntotal_issue: {}\ntheme: 美好生活·民法典相伴\nkeeper: 王桂芳\nauthor: 社区普法小组\nreviewers: [陈明远]\n{paper}featured: [{}]\n---\n本期宣传栏围绕民法典，讲高空抛物、漏水纠纷和养老诈骗，请居民朋友们驻足阅读。\n",
        issue + 20,
        featured.join(", ")
    )
}

/// A small two-community site with bulletins on A3 (site default), A4 and 600x800mm.
pub fn fixture(name: &str) -> PathBuf {
    let long_summary = LONG.repeat(2);
    let files: Vec<(String, String)> = vec![
        ("site.toml".into(), "title = \"桥华社区法治宣传\"\nbase_url = \"https://fazhi.example.org/\"\n[print]\npaper = \"A3\"\norientation = \"portrait\"\n".into()),
        ("content/buildings/qh-01.md".into(), "---\nname: 桥华新村1幢\ncommunity: 桥华社区\ngroup: 第一居民小组\nofficer: 王桂芳\nboard: 1幢东侧花园入口\n---\n".into()),
        ("content/buildings/rg-01.md".into(), "---\nname: 瑞光苑1幢\ncommunity: 瑞光社区\nofficer: 赵淑兰\nboard: 1幢北门宣传栏\n---\n".into()),
        ("content/contacts/chen-mingyuan.md".into(), "---\nname: 陈明远\nrole: 律师\norganization: 明理律师事务所\nphone: \"025-5000-0101\"\npublish_phone: true\nhours: 每周三下午 14:00-17:00\ncommunities: [桥华社区]\n---\n".into()),
        ("content/contacts/wang-guifang.md".into(), "---\nname: 王桂芳\nrole: 普法宣传员\nphone: \"13900001111\"\nhours: 每天上午在1幢楼下\ncommunities: [桥华社区]\n---\n".into()),
        ("content/contacts/liu-jing.md".into(), "---\nname: 刘静\nrole: 公证员\norganization: 瑞光公证处\nphone: \"025-5000-0202\"\npublish_phone: true\ncommunities: [瑞光社区]\n---\n".into()),
        ("content/explainers/gaokong.md".into(), explainer("高空抛物，害人害己", "2023-03-02", "禁止从建筑物中抛掷物品，造成损害的依法承担责任。", "")),
        ("content/explainers/loushui.md".into(), explainer("楼上漏水淹了我家，谁来赔？", "2023-03-05", &long_summary, "")),
        ("content/explainers/yanglao.md".into(), explainer("警惕养老诈骗：高息理财、保健品“免费体验”都是套路", "2023-03-08", LONG, "")),
        ("content/explainers/qh-only.md".into(), explainer("桥华新村停车位，业主说了算", "2023-03-09", "小区停车位首先满足业主需要。", "buildings: [qh-01]\n")),
        ("content/cases/gaokong-an.md".into(), format!("---\ntitle: 张某高空抛物致邻居受伤案\ndate: 2023-03-10\nsummary: {LONG}\n---\n正文。\n")),
        ("content/cases/zaoyin-an.md".into(), "---\ntitle: 李某深夜噪音扰民被判赔偿案\ndate: 2023-03-12\n---\n楼上住户李某长期深夜制造噪音，法院判决其停止侵害并赔偿。\n".into()),
        ("content/lectures/minfadian.md".into(), "---\ntitle: 民法典与老年人权益\ndate: 2023-05-20\ntime: \"14:00\"\nplace: 桥华社区党群服务中心二楼\nspeaker: chen-mingyuan\n---\n讲座。\n".into()),
        ("content/lectures/fanzha.md".into(), "---\ntitle: 反电信网络诈骗\ndate: 2023-06-10\ntime: \"9:30\"\nplace: 瑞光社区活动室\n---\n讲座。\n".into()),
        ("content/lectures/yishi.md".into(), "---\ntitle: 楼院议事会\ndate: 2023-05-25\nbuildings: [qh-01]\n---\n议事。\n".into()),
        ("content/lectures/later.md".into(), "---\ntitle: 很久以后的讲座\ndate: 2023-09-10\n---\n讲座。\n".into()),
        ("content/bulletins/2023-03.md".into(), bulletin("2023-03", 3, "paper: A4\n", &["explainers/gaokong", "explainers/loushui", "explainers/yanglao", "cases/gaokong-an", "explainers/qh-only"])),
        ("content/bulletins/2023-04.md".into(), bulletin("2023-04", 4, "paper: 600x800mm\n", &["explainers/yanglao", "cases/zaoyin-an", "explainers/qh-only"])),
        ("content/bulletins/2023-05.md".into(), bulletin("2023-05", 5, "", &["explainers/gaokong", "explainers/loushui", "cases/gaokong-an", "cases/zaoyin-an", "explainers/qh-only"])),
    ];
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    make_site(name, &refs)
}
