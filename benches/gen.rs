//! Writes a realistic CSV export of N records for benchmarks: a brand's
//! posts, comments by many users, the brand's replies linked by parent id,
//! emoji, URLs, hashtags, mentions, quoted multi-line fields, a few
//! duplicate ids and canned replies. Deterministic for a given N and seed.
//!
//! Usage: gen N [OUT] [--seed S]   (OUT defaults to standard output)

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

const BRAND_POSTS: &[&str] = &[
    "Our autumn blend is back in all stores from Monday.",
    "What are you brewing this weekend? Tell us below ☕",
    "Three ways to get more out of a light roast, from our head barista: grind finer, water at 94°C, and patience.",
    "FLASH SALE! 20% off all beans this weekend only, use code BEAN20. Shop now 🛒 https://larkspur.example/sale?utm_source=social",
    "Meet Ana, who roasts every batch by hand in Leeds. #MeetTheRoasters #coffee",
    "We're proud of our new packaging. We designed it ourselves and we think our customers will love it.",
    "Limited time offer: free shipping on orders over £30. Link in bio!",
    "Which mug is your favourite? Vote below 👇 #MugMonday",
    "New single origin from Huila, Colombia 🇨🇴: notes of red apple and panela.\nBrew guide: https://larkspur.example/huila",
    "Rain outside, espresso inside. How's your Tuesday going?",
    "Behind the scenes at the roastery 🔥 #coffee #roasting https://larkspur.example/blog/roastery-tour",
    "Thank you to everyone who came to the cupping on Saturday! Share your photos with #LarkspurCupping 📸",
];

const COMMENTS: &[&str] = &[
    "Is the autumn blend available decaf?",
    "Love this! 😍",
    "Yum",
    "@larkspur my order hasn't arrived yet, can you help?",
    "Where can I buy this in Bristol?",
    "Finally!!! 🎉🎉",
    "Does the code work on subscriptions?",
    "Tried the Huila yesterday, amazing. #coffee",
    "how do I reset my password on the app",
    "Not a fan of the new bags tbh",
    "😂😂😂",
    "Chemex, always. https://example.org/my-chemex-setup",
    "Same here! @maya_r you have to try this",
    "Can't wait",
    "Any plans for a oat-milk friendly roast?",
    "Thanks, that worked!",
    "Café au lait ou rien 🇫🇷 — merci!",
    "¿Hacen envíos a España?",
    "コーヒー最高です！",
    "Honestly the best \"breakfast blend\" I've had, and I've tried \"a lot\".",
];

const REPLIES: &[&str] = &[
    "Not yet, but we're testing one! Want a sample when it's ready?",
    "Thanks so much! 💛",
    "So sorry about that, could you DM us your order number?",
    "You'll find us at Gloucester Road, open 8 till 6.",
    "Yes, the code works on subscriptions too.",
    "Great choice! Enjoy.",
    "We hear you. Thanks for telling us, we'll pass it on to the design team.",
];

/// A canned reply, sent word for word many times.
const CANNED: &str = "Thanks for reaching out! Please DM us and we'll look into it.";

fn user(rng: &mut Rng, users: usize) -> String {
    const STEMS: &[&str] = &[
        "maya", "tom", "ana", "li", "sam", "jo", "kit", "ravi", "noor", "eli",
    ];
    format!("{}_{}", rng.pick(STEMS), rng.below(users))
}

/// Writes `text` as a CSV field, quoting when needed.
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
    while let Some(a) = args.next() {
        match a.as_str() {
            "--seed" => seed = args.next().and_then(|s| s.parse().ok()).unwrap_or(seed),
            "--bench" => {}
            _ if n.is_none() => n = a.parse().ok(),
            _ => path = Some(a),
        }
    }
    let Some(n) = n else {
        eprintln!("usage: gen N [OUT] [--seed S]");
        std::process::exit(2);
    };
    let sink: Box<dyn Write> = match path.as_deref() {
        None | Some("-") => Box::new(io::stdout().lock()),
        Some(p) => Box::new(File::create(p)?),
    };
    let mut out = BufWriter::with_capacity(1 << 20, sink);
    let mut rng = Rng(seed | 1);
    let users = (n / 8).max(10);
    writeln!(out, "id,author,created_at,text,in_reply_to,platform")?;

    let mut t: i64 = 0;
    // Recent brand posts and comments, as reply targets.
    let mut brand_posts: Vec<u64> = Vec::new();
    let mut comments: Vec<u64> = Vec::new();
    let mut next_id: u64 = 1_000_000;
    for _ in 0..n {
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
            let mut text = rng.pick(BRAND_POSTS).to_string();
            if rng.chance(10) {
                text.push_str("\n\nMore soon, \"stay tuned\".");
            }
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
            let mut text = rng.pick(COMMENTS).to_string();
            if rng.chance(5) {
                text.push_str(" #LarkspurCupping");
            }
            (user(&mut rng, users), text, Some(parent))
        } else if let Some(&c) = comments.get(comments.len().saturating_sub(1 + rng.below(50))) {
            let text = if rng.chance(15) {
                CANNED.to_string()
            } else {
                rng.pick(REPLIES).to_string()
            };
            (BRAND.to_string(), text, Some(c))
        } else {
            (BRAND.to_string(), rng.pick(BRAND_POSTS).to_string(), None)
        };
        write!(out, "{id},{author},{},", time(t))?;
        field(&mut out, &text)?;
        match parent {
            Some(p) => write!(out, ",{p},")?,
            None => write!(out, ",,")?,
        }
        writeln!(
            out,
            "{}",
            if rng.chance(50) {
                "instagram"
            } else {
                "twitter"
            }
        )?;
    }
    out.flush()
}
