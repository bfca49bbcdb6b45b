//! Writes a realistic export of N records for benchmarks: a brand's
//! posts, comments by many users, the brand's replies linked by parent id,
//! emoji, URLs, hashtags, mentions, quoted multi-line fields, a few
//! duplicate ids, canned replies and reposts. Texts are filled in from
//! templates and word lists, so that most of them differ, as in a real
//! export. Deterministic for a given N and seed.
//!
//! Usage: gen N [OUT] [--seed S] [--format csv|ndjson|json|twitter]
//! (OUT defaults to standard output). The formats hold the same records:
//! CSV with a header row (the default), NDJSON with one object a line, or
//! one JSON array of objects; the objects have the CSV's columns as keys,
//! and leave out `in_reply_to` when a record replies to nothing. `twitter`
//! writes an X/Twitter archive's `tweets.js`, every record as one of the
//! owner's tweets (an archive holds only its owner's): the size and shape
//! of a large archive, for timing its loader.

use std::fs::File;
use std::io::{self, BufWriter, Write};

/// xorshift64*: small, fast and deterministic; no dependency needed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const BRAND: &str = "larkspur";

// Texts are made from templates whose slots are filled from word lists, so
// that almost every record's text is its own (as in a real export), while
// canned replies repeat word for word and some brand posts are reposted with
// a small change (near-duplicates).

const PRODUCTS: &[&str] = &[
    "autumn blend",
    "breakfast blend",
    "Huila single origin",
    "Ethiopian Guji",
    "Kenya AA",
    "decaf Colombia",
    "house espresso",
    "cold brew",
    "oat flat white",
    "cortado",
    "light roast",
    "dark roast",
    "Sumatra Mandheling",
    "Brazil Santos",
    "Guatemala Antigua",
    "winter spice latte",
    "pour-over kit",
    "Chemex filters",
    "ceramic dripper",
    "travel mug",
    "espresso cups",
    "burr grinder",
    "gift box",
    "subscription box",
    "tasting flight",
    "almond croissant",
    "banana bread",
    "cardamom bun",
    "chai latte",
    "mocha",
    "Rwanda Nyamasheke",
    "Costa Rica honey",
    "Yirgacheffe",
    "Panama Geisha",
    "Peru organic",
    "hazelnut syrup",
    "matcha latte",
    "nitro cold brew",
    "V60 papers",
    "barista course",
];

const PLACES: &[&str] = &[
    "Leeds",
    "Bristol",
    "Manchester",
    "York",
    "Brighton",
    "Glasgow",
    "Cardiff",
    "Bath",
    "Sheffield",
    "Norwich",
    "Oxford",
    "Cambridge",
    "Edinburgh",
    "Liverpool",
    "Belfast",
    "Gloucester Road",
    "Kings Cross",
    "Shoreditch",
    "the high street",
    "the station",
    "Paris",
    "Madrid",
    "Lyon",
    "Dublin",
    "Amsterdam",
    "Berlin",
    "Lisbon",
    "Porto",
    "Ghent",
    "Utrecht",
];

const DAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "this weekend",
    "next week",
    "tomorrow",
    "tonight",
    "this morning",
];

const STAFF: &[&str] = &[
    "Ana", "Priya", "Tom", "Kenji", "Fatima", "Luca", "Sofia", "Ben", "Amara", "Oli", "Chloe",
    "Mateo", "Hana", "Dev", "Ruth",
];

const TAGS: &[&str] = &[
    "#coffee",
    "#MeetTheRoasters",
    "#MugMonday",
    "#roasting",
    "#LarkspurCupping",
    "#specialtycoffee",
    "#brewguide",
    "#latteart",
    "#coffeetime",
    "#sustainability",
    "#supportlocal",
    "#BaristaLife",
    "#newbeans",
];

const EMOJI: &[&str] = &[
    "☕", "😍", "🎉", "🔥", "👇", "📸", "💛", "🙌", "😂", "🛒", "🇨🇴", "🇫🇷", "🌧️", "✨", "👏", "🥐",
    "😭", "🤔",
];

const FEELINGS: &[&str] = &[
    "amazing",
    "too bitter",
    "really smooth",
    "a bit weak",
    "perfect",
    "so fruity",
    "better than last year",
    "not for me",
    "lovely",
    "stale",
    "incredible",
    "just okay",
    "way too strong",
    "my new favourite",
    "sour",
    "spot on",
];

const BRAND_POSTS: &[&str] = &[
    "Our {product} is back in all stores from {day}.",
    "What are you brewing {day}? Tell us below {emoji}",
    "Three ways to get more out of the {product}, from our head barista {staff}: grind finer, water at {temp}°C, and patience.",
    "FLASH SALE! {pct}% off the {product} {day} only, use code {code}. Shop now {emoji} {url}",
    "Meet {staff}, who roasts every batch of {product} by hand in {place}. #MeetTheRoasters {tag}",
    "We're proud of our new {product}. We designed it ourselves and we think our customers will love it.",
    "Limited time offer: free shipping on orders over £{n}. Link in bio!",
    "Which {product} is your favourite? Vote below 👇 {tag}",
    "New single origin, the {product}: notes of {note} and {note}.\nBrew guide: {url}",
    "Rain outside, {product} inside. How's your {day} going?",
    "Behind the scenes at the {place} roastery {emoji} {tag} {tag} {url}",
    "Thank you to everyone who came to the cupping in {place} on {day}! Share your photos with #LarkspurCupping {emoji}",
    "Our {place} shop opens at {hour} from {day}. See you there?",
    "{staff} from our {place} team made {n} cups of {product} today. What should we try next?",
    "BUY NOW: the {product} gift box, £{n}, while stocks last! {url}",
    "Tip from {staff}: store your {product} away from light and use it within {n} days.\n\nMore tips: {url}",
    "We sourced the {product} directly from a farm near {place}. Ask us anything about it!",
    "Save £{n} on a {product} subscription this month with code {code}.",
    "Good morning {place}! The {product} is on the bar {day} {emoji}",
    "Help us name our next blend: reply with your best idea for a {note} and {note} coffee {emoji}",
];

const NOTES: &[&str] = &[
    "red apple",
    "panela",
    "dark chocolate",
    "jasmine",
    "blackcurrant",
    "caramel",
    "orange peel",
    "honey",
    "toasted almond",
    "bergamot",
    "plum",
    "brown sugar",
    "cocoa nib",
    "peach",
    "cherry",
];

const OPENERS: &[&str] = &[
    "",
    "",
    "",
    "Honestly, ",
    "Ok so ",
    "Hi! ",
    "Quick question: ",
    "Ugh, ",
    "Wow, ",
    "Hey ",
    "Not gonna lie, ",
    "@larkspur ",
    "Hello, ",
    "So ",
];

const COMMENTS: &[&str] = &[
    "is the {product} available decaf?",
    "love this! {emoji}",
    "my order #{order} hasn't arrived yet, can you help?",
    "where can I buy the {product} in {place}?",
    "finally!!! {emoji}{emoji}",
    "does the code {code} work on subscriptions?",
    "tried the {product} yesterday, {feeling}. {tag}",
    "how do I reset my password on the app",
    "not a fan of the new {product} tbh",
    "{emoji}{emoji}{emoji}",
    "{product}, always. https://example.org/my-setup/{n}",
    "same here! @{friend} you have to try the {product}",
    "can't wait for {day}",
    "any plans for an oat-milk friendly {product}?",
    "thanks, that worked!",
    "Café au lait ou rien {emoji} — merci {place}!",
    "¿Hacen envíos a {place}?",
    "コーヒー最高です！{product}",
    "the best \"{product}\" I've had, and I've tried \"a lot\".",
    "the {place} shop was closed at {hour} on {day}, is that normal?",
    "I've emailed twice about order #{order} and nobody replied",
    "the {product} tastes {feeling} this batch",
    "what grind size for the {product} in a moka pot?",
    "@{friend} this is the place I told you about in {place}",
    "is the {product} ethically sourced? Where exactly?",
    "ordered {n} bags of {product} and got {n} instead",
    "the staff in {place} are so kind, shout out to {staff} {emoji}",
    "the price went up again?? £{n} for the {product} is too much",
];

const CLOSERS: &[&str] = &[
    "",
    "",
    "",
    "",
    " Thanks!",
    " x",
    " 🙏",
    " Cheers.",
    " Please help.",
    " lol",
    " Any update?",
    " Love you guys.",
    " #coffee",
];

const REPLIES: &[&str] = &[
    "Not yet, but we're testing a {product}! Want a sample when it's ready?",
    "Thanks so much, {name}! {emoji}",
    "So sorry about that {name}, could you DM us your order number?",
    "You'll find us at {place}, open {hour} till 6.",
    "Yes, the code {code} works on subscriptions too.",
    "Great choice! Enjoy the {product}.",
    "We hear you, {name}. Thanks for telling us, we'll pass it on to the {place} team.",
    "Hi {name}, order #{order} left our roastery on {day}; it should be with you soon.",
    "Sorry for the wait, {name}. We've sent a replacement {product} today.",
    "For a moka pot, go a little finer than for filter. Tell us how the {product} turns out!",
    "Yes! Every {product} comes from farms we visit; the story is here: {url}",
    "Thank you {name}, we'll tell {staff} you said so {emoji}",
    "Prices went up because green coffee did, but the {product} is still £{n} on subscription.",
];

/// Replies that argue with the customer (about one in a hundred).
const PUSHBACK: &[&str] = &[
    "That's not true, {name}. As we said, the {product} sale ended on {day}.",
    "{name}, for the last time: read the instructions on the bag. Not our fault.",
];

/// A canned reply, sent word for word many times.
const CANNED: &str = "Thanks for reaching out! Please DM us and we'll look into it.";

/// One of `templates` with each `{slot}` filled from its word list
/// (`{name}`: `name`).
fn fill(rng: &mut Rng, templates: &[&str], name: &str) -> String {
    let template = rng.pick(templates);
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = open + rest[open..].find('}').expect("closed slot");
        let slot = &rest[open + 1..close];
        rest = &rest[close + 1..];
        match slot {
            "product" => out.push_str(rng.pick(PRODUCTS)),
            "place" => out.push_str(rng.pick(PLACES)),
            "day" => out.push_str(rng.pick(DAYS)),
            "staff" => out.push_str(rng.pick(STAFF)),
            "tag" => out.push_str(rng.pick(TAGS)),
            "emoji" => out.push_str(rng.pick(EMOJI)),
            "note" => out.push_str(rng.pick(NOTES)),
            "feeling" => out.push_str(rng.pick(FEELINGS)),
            "name" => out.push_str(name),
            "friend" => out.push_str(&user(rng, 100_000)),
            "temp" => out.push_str(&(88 + rng.below(9)).to_string()),
            "pct" => out.push_str(&(10 + 5 * rng.below(9)).to_string()),
            "n" => out.push_str(&(2 + rng.below(98)).to_string()),
            "order" => out.push_str(&(100_000 + rng.below(900_000)).to_string()),
            "hour" => out.push_str(&format!("{}am", 6 + rng.below(5))),
            "code" => {
                const WORDS: &[&str] = &["BEAN", "BREW", "ROAST", "CUP", "LARK", "SIP"];
                out.push_str(&format!("{}{}", rng.pick(WORDS), 5 + rng.below(45)));
            }
            "url" => out.push_str(&format!(
                "https://larkspur.example/{}/{}?utm_source=social",
                rng.pick(&["blog", "shop", "guides", "sale", "stories"]),
                rng.below(10_000)
            )),
            other => unreachable!("unknown slot {other}"),
        }
    }
    out.push_str(rest);
    out
}

const STEMS: &[&str] = &[
    "maya", "tom", "ana", "li", "sam", "jo", "kit", "ravi", "noor", "eli",
];

fn user(rng: &mut Rng, users: usize) -> String {
    format!("{}_{}", rng.pick(STEMS), rng.below(users))
}

fn capitalised(word: &str) -> String {
    let mut c = word.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Writes `text` as a CSV field, quoting when needed.
/// The layout of the export written.
#[derive(Clone, Copy, PartialEq)]
enum Format {
    Csv,
    Ndjson,
    Json,
    /// An X/Twitter archive's `tweets.js`.
    Twitter,
}

/// One record, written in `format`; `first` for the first record.
struct Record<'a> {
    id: u64,
    /// Seconds after 2026-01-01T00:00:00Z: `created_at`.
    secs: i64,
    author: &'a str,
    created_at: &'a str,
    text: &'a str,
    parent: Option<u64>,
    platform: &'a str,
}

impl Record<'_> {
    fn write(&self, out: &mut impl Write, format: Format, first: bool) -> io::Result<()> {
        if format == Format::Csv {
            write!(out, "{},{},{},", self.id, self.author, self.created_at)?;
            field(out, self.text)?;
            match self.parent {
                Some(p) => write!(out, ",{p},")?,
                None => write!(out, ",,")?,
            }
            return writeln!(out, "{}", self.platform);
        }
        if format == Format::Twitter {
            return self.write_tweet(out, first);
        }
        if format == Format::Json {
            out.write_all(if first { b"[\n" } else { b",\n" })?;
        }
        let mut object = serde_json::json!({
            "id": self.id.to_string(),
            "author": self.author,
            "created_at": self.created_at,
            "text": self.text,
            "platform": self.platform,
        });
        if let Some(p) = self.parent {
            object["in_reply_to"] = p.to_string().into();
        }
        serde_json::to_writer(&mut *out, &object)?;
        if format == Format::Ndjson {
            out.write_all(b"\n")?;
        }
        Ok(())
    }
}

impl Record<'_> {
    /// The record as an archive writes a tweet: pretty-printed, every
    /// number a string, the text HTML-escaped, with the fields an archive
    /// holds whether or not postaudit reads them (about 1 KB a tweet).
    fn write_tweet(&self, out: &mut impl Write, first: bool) -> io::Result<()> {
        out.write_all(if first {
            b"window.YTD.tweets.part0 = [\n"
        } else {
            b",\n"
        })?;
        let id = self.id.to_string();
        let text = self
            .text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        let mut tweet = serde_json::json!({
            "edit_info": {"initial": {
                "editTweetIds": [id],
                "editableUntil": self.created_at,
                "editsRemaining": "5",
                "isEditEligible": false,
            }},
            "retweeted": false,
            "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
            "entities": {"hashtags": [], "symbols": [], "user_mentions": [], "urls": []},
            "display_text_range": ["0", self.text.chars().count().to_string()],
            "favorite_count": (self.id % 7).to_string(),
            "id_str": id,
            "truncated": false,
            "retweet_count": (self.id % 3).to_string(),
            "id": id,
            "created_at": twitter_time(self.secs),
            "favorited": false,
            "full_text": text,
            "lang": "en",
        });
        if let Some(p) = self.parent {
            tweet["in_reply_to_status_id_str"] = p.to_string().into();
            tweet["in_reply_to_status_id"] = p.to_string().into();
        }
        serde_json::to_writer_pretty(&mut *out, &serde_json::json!({ "tweet": tweet }))?;
        Ok(())
    }
}

/// [`time`]`(t)` as Twitter writes it: `Thu Jan 01 00:00:00 +0000 2026`.
fn twitter_time(t: i64) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    // 2026-01-01 is a Thursday.
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    let rfc3339 = time(t);
    let month: usize = rfc3339[5..7].parse().unwrap_or(1);
    format!(
        "{} {} {} {} +0000 {}",
        DAYS[(t / 86_400 % 7) as usize],
        MONTHS[month - 1],
        &rfc3339[8..10],
        &rfc3339[11..19],
        &rfc3339[..4]
    )
}

fn field(out: &mut impl Write, text: &str) -> io::Result<()> {
    if text.contains([',', '"', '\n', '\r']) {
        write!(out, "\"{}\"", text.replace('"', "\"\""))
    } else {
        out.write_all(text.as_bytes())
    }
}

fn time(t: i64) -> String {
    // 2026-01-01T00:00:00Z plus t seconds, without a date library.
    let days = t / 86_400;
    let rem = t % 86_400;
    let (mut y, mut d) = (2026, days);
    loop {
        let len = if y % 4 == 0 { 366 } else { 365 };
        if d < len {
            break;
        }
        d -= len;
        y += 1;
    }
    let months = [
        31,
        if y % 4 == 0 { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let mut m = 0;
    while d >= months[m] {
        d -= months[m];
        m += 1;
    }
    format!(
        "{y}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        m + 1,
        d + 1,
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

fn main() -> io::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut n: Option<usize> = None;
    let mut path: Option<String> = None;
    let mut seed = 0x5EED_u64;
    let mut format = Format::Csv;
    let usage = || -> ! {
        eprintln!("usage: gen N [OUT] [--seed S] [--format csv|ndjson|json|twitter]");
        std::process::exit(2);
    };
    while let Some(a) = args.next() {
        match a.as_str() {
            "--seed" => seed = args.next().and_then(|s| s.parse().ok()).unwrap_or(seed),
            "--format" => {
                format = match args.next().as_deref() {
                    Some("csv") => Format::Csv,
                    Some("ndjson") => Format::Ndjson,
                    Some("json") => Format::Json,
                    Some("twitter") => Format::Twitter,
                    _ => usage(),
                }
            }
            "--bench" => {}
            _ if n.is_none() => n = a.parse().ok(),
            _ => path = Some(a),
        }
    }
    let Some(n) = n else { usage() };
    let sink: Box<dyn Write> = match path.as_deref() {
        None | Some("-") => Box::new(io::stdout().lock()),
        Some(p) => Box::new(File::create(p)?),
    };
    let mut out = BufWriter::with_capacity(1 << 20, sink);
    let mut rng = Rng(seed | 1);
    let users = (n / 8).max(10);
    if format == Format::Csv {
        writeln!(out, "id,author,created_at,text,in_reply_to,platform")?;
    }

    let mut t: i64 = 0;
    // Recent brand posts and comments, as reply targets.
    let mut brand_posts: Vec<u64> = Vec::new();
    let mut comments: Vec<u64> = Vec::new();
    let mut next_id: u64 = 1_000_000;
    // The latest brand posts' texts, for reposts.
    let mut recent: Vec<String> = Vec::new();
    for k in 0..n {
        t += 1 + rng.below(120) as i64;
        let mut id = next_id;
        next_id += 1;
        // A few duplicates: an export that repeats a record.
        if next_id > 1_000_010 && rng.next().is_multiple_of(1000) {
            id = next_id - 1 - rng.below(5) as u64;
        }
        let roll = rng.below(100);
        let (author, text, parent): (String, String, Option<u64>) = if roll < 10
            || brand_posts.is_empty()
        {
            brand_posts.push(id);
            let mut text = match recent.len() {
                // A repost of a recent post, with a small change.
                k if k > 0 && rng.chance(3) => {
                    format!("{} {}", recent[rng.below(k)], rng.pick(EMOJI))
                }
                _ => fill(&mut rng, BRAND_POSTS, ""),
            };
            if rng.chance(10) {
                text.push_str("\n\nMore soon, \"stay tuned\".");
            }
            if recent.len() == 50 {
                recent.remove(0);
            }
            recent.push(text.clone());
            (BRAND.to_string(), text, None)
        } else if roll < 72 {
            comments.push(id);
            let on_brand = rng.chance(80) || comments.len() < 2;
            let parent = if on_brand {
                let k = brand_posts.len();
                brand_posts[k - 1 - rng.below(k.min(20))]
            } else {
                let k = comments.len();
                comments[k - 1 - rng.below(k.min(200))]
            };
            let opener = rng.pick(OPENERS);
            let core = fill(&mut rng, COMMENTS, "");
            let mut text = if opener.is_empty() {
                let mut c = core.chars();
                match c.next() {
                    Some(first) => first.to_uppercase().chain(c).collect(),
                    None => core,
                }
            } else {
                format!("{opener}{core}")
            };
            text.push_str(rng.pick(CLOSERS));
            if rng.chance(5) {
                text.push_str(" #LarkspurCupping");
            }
            (user(&mut rng, users), text, Some(parent))
        } else if let Some(&c) = comments.get(comments.len().saturating_sub(1 + rng.below(50))) {
            let name = capitalised(rng.pick(STEMS));
            let text = if rng.chance(15) {
                CANNED.to_string()
            } else if rng.chance(1) {
                fill(&mut rng, PUSHBACK, &name)
            } else {
                fill(&mut rng, REPLIES, &name)
            };
            (BRAND.to_string(), text, Some(c))
        } else {
            (BRAND.to_string(), fill(&mut rng, BRAND_POSTS, ""), None)
        };
        let platform = if rng.chance(50) {
            "instagram"
        } else {
            "twitter"
        };
        let record = Record {
            id,
            secs: t,
            author: &author,
            created_at: &time(t),
            text: &text,
            parent,
            platform,
        };
        record.write(&mut out, format, k == 0)?;
    }
    match format {
        Format::Json if n == 0 => out.write_all(b"[]\n")?,
        Format::Json => out.write_all(b"\n]\n")?,
        Format::Twitter if n == 0 => out.write_all(b"window.YTD.tweets.part0 = [ ]\n")?,
        Format::Twitter => out.write_all(b"\n]\n")?,
        _ => {}
    }
    out.flush()
}
