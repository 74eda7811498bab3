//! What a board sheet takes from a bulletin's own text: the editor's note
//! (编者按, the first paragraph of the section of that name, or of the body)
//! in full, and the questions and answers of its 问答 section. Read from the
//! Markdown body, never from the web summary (which is capped and may run
//! on into the questions).

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

/// The parts of a bulletin a sheet shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BulletinNotes {
    /// Heading of the editor's note (`编者按`), when it has one.
    pub lead_label: Option<String>,
    /// The first paragraph of the editor's note.
    pub lead: String,
    /// Questions and answers, in order.
    pub qa: Vec<(String, String)>,
}

/// Marks a question or answer paragraph starts with (after bold is dropped).
const QUESTION: [&str; 4] = ["问：", "问:", "Q：", "Q:"];
const ANSWER: [&str; 4] = ["答：", "答:", "A：", "A:"];

/// Reads the editor's note and the Q&A from a bulletin's Markdown body.
pub fn read(body: &str) -> BulletinNotes {
    let mut sections: Vec<(Option<String>, Vec<String>)> = vec![(None, Vec::new())];
    let mut heading: Option<String> = None;
    let mut paragraph: Option<String> = None;
    let mut depth = 0usize;
    for event in Parser::new(body) {
        match event {
            Event::Start(Tag::Heading { level, .. }) if level <= HeadingLevel::H3 => {
                heading = Some(String::new());
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = heading.take() {
                    sections.push((Some(h.trim().to_string()), Vec::new()));
                }
            }
            Event::Start(Tag::Paragraph) => {
                depth += 1;
                if depth == 1 {
                    paragraph = Some(String::new());
                }
            }
            Event::End(TagEnd::Paragraph) => {
                depth = depth.saturating_sub(1);
                if depth == 0
                    && let Some(p) = paragraph.take()
                {
                    let p = p.trim().to_string();
                    if !p.is_empty()
                        && let Some(last) = sections.last_mut()
                    {
                        last.1.push(p);
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                } else if let Some(p) = paragraph.as_mut() {
                    p.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(p) = paragraph.as_mut() {
                    p.push(' ');
                }
            }
            _ => {}
        }
    }
    let is_qa = |h: &Option<String>| h.as_deref().is_some_and(|h| h.contains("问答"));
    let mut notes = BulletinNotes::default();
    // The editor's note: its own section, else the first section that is not the Q&A.
    let lead_section = sections
        .iter()
        .find(|(h, p)| h.as_deref().is_some_and(|h| h.contains("编者按")) && !p.is_empty())
        .or_else(|| sections.iter().find(|(h, p)| !is_qa(h) && !p.is_empty()));
    if let Some((h, paragraphs)) = lead_section {
        notes.lead_label = h.clone().filter(|h| h.contains("编者按"));
        notes.lead = paragraphs[0].clone();
    }
    for (_, paragraphs) in sections.iter().filter(|(h, _)| is_qa(h)) {
        let mut question: Option<String> = None;
        for p in paragraphs {
            if let Some(q) = strip_any(p, &QUESTION) {
                question = Some(q.to_string());
            } else if let Some(a) = strip_any(p, &ANSWER)
                && let Some(q) = question.take()
            {
                notes.qa.push((q, a.to_string()));
            }
        }
    }
    notes
}

fn strip_any<'a>(text: &'a str, marks: &[&str]) -> Option<&'a str> {
    marks
        .iter()
        .find_map(|m| text.strip_prefix(m))
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// Byte offsets just after each sentence end (。！？ and a closing quote
/// after them) in `text`, the last one being the end of the text.
pub fn sentence_ends(text: &str) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '。' | '！' | '？' | '!' | '?') {
            let mut end = i + c.len_utf8();
            while let Some(&(j, n)) = chars.peek() {
                if matches!(n, '”' | '’' | '）' | '」' | '』') {
                    end = j + n.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            ends.push(end);
        }
    }
    let len = text.trim_end().len();
    if ends.last() != Some(&len) && len > 0 {
        ends.push(len);
    }
    ends
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAY: &str = "## 编者按\n\n5月是民法典宣传月，今年的主题是“美好生活·民法典相伴”。本期宣传栏挑了邻居们问得最多的三件事。\n\n第二段不上宣传栏。\n\n## 问答\n\n**问**：楼上有人往下扔东西，我能找谁？\n\n**答**：先报警，公安等机关应当依法及时调查。\n\n**问**：手写遗嘱需要公证吗？\n\n**答**：不是必须的。\n";

    #[test]
    fn the_lead_is_the_first_paragraph_of_the_editors_note_in_full() {
        let n = read(MAY);
        assert_eq!(n.lead_label.as_deref(), Some("编者按"));
        assert_eq!(
            n.lead,
            "5月是民法典宣传月，今年的主题是“美好生活·民法典相伴”。本期宣传栏挑了邻居们问得最多的三件事。"
        );
        assert!(!n.lead.contains("问：") && !n.lead.contains("第二段"));
    }

    #[test]
    fn questions_and_answers_are_paired() {
        let n = read(MAY);
        assert_eq!(n.qa.len(), 2);
        assert_eq!(n.qa[0].0, "楼上有人往下扔东西，我能找谁？");
        assert_eq!(n.qa[1].1, "不是必须的。");
    }

    #[test]
    fn a_body_without_headings_gives_its_first_paragraph() {
        let n = read("本期编者按。\n\n其他。\n");
        assert_eq!((n.lead.as_str(), n.lead_label), ("本期编者按。", None));
        assert!(n.qa.is_empty());
        assert_eq!(read(""), BulletinNotes::default());
    }

    #[test]
    fn sentences_end_after_their_mark_and_closing_quote() {
        let t = "他说：“先报警。”然后呢？最后一句";
        let ends = sentence_ends(t);
        assert_eq!(&t[..ends[0]], "他说：“先报警。”");
        assert_eq!(&t[..ends[1]], "他说：“先报警。”然后呢？");
        assert_eq!(ends[2], t.len());
    }
}
