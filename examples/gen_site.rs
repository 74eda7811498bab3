//! Generates a synthetic pufa site of N pages for benchmarks, with realistic
//! Chinese text (about 5 KB per explainer or case), tables, lists, links
//! between pages and some code blocks. With `--hugo DIR2` it also writes the
//! same pages as a minimal Hugo site, so the two can be timed side by side.
//!
//! ```sh
//! cargo run --release --example gen_site -- 10000 /tmp/site10k --hugo /tmp/hugo10k
//! ```
//!
//! Output is deterministic for a given N.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

const SENTENCES: &[&str] = &[
    "从建筑物中抛掷物品或者从建筑物上坠落的物品造成他人损害的，由侵权人依法承担侵权责任。",
    "经调查难以确定具体侵权人的，除能够证明自己不是侵权人的外，由可能加害的建筑物使用人给予补偿。",
    "物业服务企业等建筑物管理人应当采取必要的安全保障措施防止前款规定情形的发生。",
    "不动产的相邻权利人应当按照有利生产、方便生活、团结互助、公平合理的原则，正确处理相邻关系。",
    "饲养的动物造成他人损害的，动物饲养人或者管理人应当承担侵权责任。",
    "任何单位和个人不得非法收集、使用、加工、传输他人个人信息，不得非法买卖、提供或者公开他人个人信息。",
    "接到自称公检法的电话要求转账到“安全账户”，一定是诈骗，请立即挂断并拨打96110咨询。",
    "老年人购买保健品时要认准正规渠道，不要轻信“包治百病”“免费体检”等宣传。",
    "用人单位应当按照劳动合同约定和国家规定，及时足额向劳动者支付劳动报酬。",
    "消费者在购买、使用商品和接受服务时享有人身、财产安全不受损害的权利。",
    "父母或者其他监护人应当学习家庭教育知识，接受家庭教育指导，创造良好、和睦、文明的家庭环境。",
    "学校应当建立学生欺凌防控工作制度，对教职员工、学生等开展防治学生欺凌的教育和培训。",
    "遗嘱人可以撤回、变更自己所立的遗嘱，立有数份遗嘱，内容相抵触的，以最后的遗嘱为准。",
    "成年子女对父母负有赡养、扶助和保护的义务，不得以放弃继承权或者其他理由拒绝履行赡养义务。",
    "遇到法律问题，可以拨打12348公共法律服务热线，也可以到社区法律服务室当面咨询。",
    "社区每季度举办一次法治讲座，由挂钩律师和公证员为居民讲解身边的法律知识。",
    "夏季天气炎热，家长要看管好孩子，不到没有安全设施、没有救援人员的水域游泳。",
    "楼道内不得堆放杂物，不得占用、堵塞、封闭疏散通道、安全出口和消防车通道。",
    "驾驶电动自行车应当佩戴安全头盔，不得逆向行驶，不得闯红灯。",
    "宪法是国家的根本法，具有最高的法律效力，一切国家机关和武装力量、各政党和各社会团体都必须遵守。",
];

const TOPICS: &[&str] = &[
    "民法典",
    "反诈",
    "未成年人保护",
    "劳动权益",
    "消费维权",
    "养老",
    "禁毒",
    "国家安全",
    "消防安全",
    "交通安全",
    "宪法",
    "邻里关系",
    "婚姻家庭",
];
const AUDIENCES: &[&str] = &["老年人", "青少年", "全体居民", "妇女", "务工人员"];
const LAWS: &[&str] = &[
    "中华人民共和国民法典",
    "中华人民共和国反电信网络诈骗法",
    "中华人民共和国未成年人保护法",
    "中华人民共和国劳动合同法",
    "中华人民共和国消费者权益保护法",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

struct Page {
    folder: &'static str,
    stem: String,
    title: String,
    date: String,
    topics: Vec<&'static str>,
    body: String,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(dir)) = (
        args.first().and_then(|a| a.parse::<usize>().ok()),
        args.get(1),
    ) else {
        eprintln!("usage: gen_site N DIR [--hugo HUGO_DIR]");
        std::process::exit(2);
    };
    let hugo = args
        .iter()
        .position(|a| a == "--hugo")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
    let dir = PathBuf::from(dir);
    let pages = generate(n);
    write_pufa(&dir, &pages, n);
    if let Some(h) = hugo {
        write_hugo(&h, &pages);
    }
    eprintln!(
        "wrote {n} content files to {} ({} explainers and cases, the rest bulletins, books, lectures, buildings, contacts)",
        dir.display(),
        pages.len()
    );
}

fn generate(n: usize) -> Vec<Page> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut pages = Vec::with_capacity(n);
    // Explainers and cases make up the bulk; their count is N minus the fixed extras.
    let articles = n.saturating_sub(extras(n));
    for i in 0..articles {
        let is_case = i % 5 == 2;
        let folder = if is_case { "cases" } else { "explainers" };
        let year = 2014 + (i * 11 / articles.max(1)) as i32;
        let date = format!("{year}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28));
        let topic = rng.pick(TOPICS);
        let title = format!(
            "{}{}：{}（第{}篇）",
            topic,
            if is_case { "案例" } else { "知识" },
            rng.pick(SENTENCES).chars().take(12).collect::<String>(),
            i + 1
        );
        let body = article_body(&mut rng, i, is_case, articles);
        pages.push(Page {
            folder,
            stem: format!("{}-{i:06}", if is_case { "an" } else { "zs" }),
            title,
            date,
            topics: vec![topic, rng.pick(TOPICS)],
            body,
        });
    }
    pages
}

/// Bulletins, buildings, contacts, lectures and books: about 10% of the site.
fn extras(n: usize) -> usize {
    n / 10
}

fn article_body(rng: &mut Rng, i: usize, is_case: bool, articles: usize) -> String {
    let mut body = String::with_capacity(6000);
    let heads: [&str; 3] = if is_case {
        ["案情", "裁判", "说法"]
    } else {
        ["法律规定", "生活中的例子", "温馨提示"]
    };
    for (k, h) in heads.iter().enumerate() {
        let _ = writeln!(body, "## {h}\n");
        for _ in 0..2 {
            for _ in 0..4 + rng.below(3) {
                body.push_str(rng.pick(SENTENCES));
                if rng.below(4) == 0 {
                    body.push('\n');
                }
            }
            body.push_str("\n\n");
        }
        if k == 1 {
            body.push_str("| 情形 | 责任 | 依据 |\n|---|---|---|\n");
            for _ in 0..4 {
                let _ = writeln!(
                    body,
                    "| {} | 依法承担 | 《民法典》第{}条 |",
                    rng.pick(TOPICS),
                    1000 + rng.below(260)
                );
            }
            body.push('\n');
            for _ in 0..4 {
                let _ = writeln!(body, "- {}", rng.pick(SENTENCES));
            }
            body.push('\n');
        }
    }
    if i > 0 && articles > 1 {
        let j = rng.below(i);
        let (folder, prefix) = if j % 5 == 2 {
            ("cases", "an")
        } else {
            ("explainers", "zs")
        };
        let _ = writeln!(
            body,
            "相关阅读：[上一篇](../{folder}/{prefix}-{j:06}.md)。\n"
        );
    }
    if i.is_multiple_of(50) {
        body.push_str("```yaml\ntitle: 示例\ndate: 2023-05-12\n```\n");
    }
    body
}

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn write_pufa(dir: &Path, pages: &[Page], n: usize) {
    let _ = fs::remove_dir_all(dir.join("content"));
    write(
        &dir.join("site.toml"),
        "title = \"基准测试社区\"\nbase_url = \"https://bench.example/\"\n",
    );
    let mut rng = Rng(42);
    let c = dir.join("content");
    for p in pages {
        let audience = AUDIENCES[p.stem.len() % AUDIENCES.len()];
        let law = rng.pick(LAWS);
        let extra = if p.folder == "explainers" {
            "key_points: [要点一, 要点二]\n"
        } else {
            "source: 某区人民法院\n"
        };
        let text = format!(
            "---\ntitle: \"{}\"\ndate: {}\ntopics: [{}, {}]\naudiences: [{audience}]\nlaws: [{law}]\nauthor: 普法小组\nreviewers: [王律师]\n{extra}---\n{}",
            p.title, p.date, p.topics[0], p.topics[1], p.body
        );
        write(&c.join(p.folder).join(format!("{}.md", p.stem)), &text);
    }
    let extras = extras(n);
    let buildings = (extras / 10).clamp(2, 200);
    for b in 0..buildings {
        let community = if b % 2 == 0 {
            "桥华社区"
        } else {
            "瑞光社区"
        };
        write(
            &c.join(format!("buildings/b-{b:03}.md")),
            &format!(
                "---\nname: {}号楼\ncommunity: {community}\ngroup: 第{}居民小组\nofficer: 志愿者{b}\nboard: 楼下花园\nhouseholds: 60\n---\n",
                b + 1,
                b % 8 + 1
            ),
        );
    }
    let contacts = (extras / 20).clamp(2, 50);
    for k in 0..contacts {
        write(
            &c.join(format!("contacts/c-{k:03}.md")),
            &format!(
                "---\nname: 律师{k}\nrole: 社区法律顾问\norganization: 某律师事务所\nphone: \"000-0000-{k:04}\"\npublish_phone: true\nhours: 每周三下午\n---\n"
            ),
        );
    }
    let explainers: Vec<&Page> = pages.iter().filter(|p| p.folder == "explainers").collect();
    let mut made = buildings + contacts;
    let mut month = 0;
    while made < extras && month < 12 * 11 && !explainers.is_empty() {
        let (y, m) = (2014 + month / 12, month % 12 + 1);
        let f1 = explainers[(month * 7) % explainers.len()];
        let f2 = explainers[(month * 13 + 1) % explainers.len()];
        write(
            &c.join(format!("bulletins/{y}-{m:02}.md")),
            &format!(
                "---\ntitle: 第{m}期宣传栏\nmonth: \"{y}-{m:02}\"\nissue: {m}\ntheme: 法治宣传\nkeeper: 负责人\nreviewers: [王律师]\nfeatured: [explainers/{}, explainers/{}]\n---\n本期编者按。\n",
                f1.stem, f2.stem
            ),
        );
        if m % 3 == 0 {
            write(
                &c.join(format!("lectures/l-{y}-{m:02}.md")),
                &format!(
                    "---\ntitle: {y}年第{}季度法治讲座\ndate: {y}-{m:02}-15\ntime: \"14:30-16:00\"\nplace: 社区活动室\nspeaker: c-000\nreviewers: [王律师]\n---\n讲座内容提要。\n",
                    m / 3
                ),
            );
            made += 1;
        }
        made += 1;
        month += 1;
    }
    let mut k = 0;
    while made < extras {
        write(
            &c.join(format!("books/book-{k:05}.md")),
            &format!(
                "---\ntitle: 法律读本第{k}册\nauthor: 编写组\npublisher: 法律出版社\nyear: {}\ncategory: {}\nshelf: A-{}\ncopies: 2\n---\n",
                2000 + k % 24,
                TOPICS[k % TOPICS.len()],
                k % 9
            ),
        );
        made += 1;
        k += 1;
    }
}

fn write_hugo(dir: &Path, pages: &[Page]) {
    let _ = fs::remove_dir_all(dir.join("content"));
    write(
        &dir.join("hugo.toml"),
        "baseURL = \"https://bench.example/\"\nlanguageCode = \"zh-CN\"\ntitle = \"基准测试社区\"\nhasCJKLanguage = true\n[taxonomies]\n  tag = \"tags\"\n",
    );
    write(
        &dir.join("layouts/_default/baseof.html"),
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body>{{ block \"main\" . }}{{ end }}</body></html>\n",
    );
    write(
        &dir.join("layouts/_default/single.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1><p>{{ .Date.Format \"2006-01-02\" }}</p>{{ .Content }}{{ end }}\n",
    );
    write(
        &dir.join("layouts/_default/list.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ .Summary }}</li>{{ end }}</ul>{{ end }}\n",
    );
    write(
        &dir.join("layouts/index.html"),
        "{{ define \"main\" }}<ul>{{ range first 10 .Site.RegularPages }}<li>{{ .Title }}</li>{{ end }}</ul>{{ end }}\n",
    );
    let c = dir.join("content");
    for p in pages {
        // Hugo resolves relative .md links itself only with render hooks; plain links are fine for timing.
        let body = p.body.replace(".md)", "/)");
        let text = format!(
            "---\ntitle: \"{}\"\ndate: {}\ntags: [\"{}\", \"{}\"]\n---\n{body}",
            p.title, p.date, p.topics[0], p.topics[1]
        );
        write(&c.join(p.folder).join(format!("{}.md", p.stem)), &text);
    }
}
