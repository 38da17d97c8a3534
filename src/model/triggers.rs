//! Trigger words: titles, heads of organization and place names, verbs of
//! speech. The features see them around a word, and document context carries
//! them to the word's other mentions.

use crate::hash::{hash, HashedMap};

/// Kinds of trigger words, as bits.
pub(crate) struct Trigger;

impl Trigger {
    /// A title or role before a person's name (الرئيس, المدرب).
    pub const PERSON_TITLE: u8 = 1;
    /// A word that heads an organization's name (وزارة, حزب).
    pub const ORG_HEAD: u8 = 2;
    /// A word that heads a place's name (مدينة, نهر).
    pub const PLACE_HEAD: u8 = 4;
    /// A verb of speech, often followed by the speaker (قال).
    pub const SPEECH: u8 = 8;
}

/// Titles and roles that come before a person's name (stems: no article).
const PERSON_TITLES: &[&str] = &[
    "رئيس",
    "رئيسه",
    "سيد",
    "سيده",
    "وزير",
    "وزيره",
    "سفير",
    "سفيره",
    "مستشار",
    "مدير",
    "امين",
    "نائب",
    "شيخ",
    "ملك",
    "ملكه",
    "امير",
    "اميره",
    "زعيم",
    "قائد",
    "مبعوث",
    "متحدث",
    "ناطق",
    "دكتور",
    "د",
    "سناتور",
    "مساعد",
    "مندوب",
    "مفوض",
    "جنرال",
    "عقيد",
    "لواء",
    "عماد",
    "بابا",
    "امام",
    "لاعب",
    "مدرب",
    "كاتب",
    "فنان",
    "فنانه",
    "مخرج",
    "صحفي",
    "مراسل",
    "نجم",
    "محامي",
    "قاضي",
    "مرشح",
    "زميل",
    "شاعر",
    "روائي",
    "مطرب",
    "مطربه",
    "الرئيس",
    "عاهل",
    "ولي",
    "مسؤول",
    "اللاعب",
    "النجم",
    "المهاجم",
    "مهاجم",
    "حارس",
    "الاستاذ",
    "استاذ",
    "البروفسور",
    "المشير",
    "الفريق",
    "العميد",
    "الرائد",
    "النقيب",
    "المستشار",
    "السيناتور",
    "الحاج",
];

/// Words that head an organization's name.
const ORG_HEADS: &[&str] = &[
    "وزاره",
    "مجلس",
    "مديريه",
    "حزب",
    "شركه",
    "جامعه",
    "منظمه",
    "وكاله",
    "هيئه",
    "مؤسسه",
    "اتحاد",
    "جمعيه",
    "لجنه",
    "نادي",
    "بنك",
    "مصرف",
    "صندوق",
    "محكمه",
    "جبهه",
    "حركه",
    "مكتب",
    "معهد",
    "مركز",
    "اداره",
    "سلطه",
    "قوات",
    "جيش",
    "برلمان",
    "كونغرس",
    "صحيفه",
    "اذاعه",
    "تلفزيون",
    "قناه",
    "فريق",
    "منتخب",
    "امم",
    "مجموعه",
    "رابطه",
    "كليه",
    "مستشفي",
    "بورصه",
    "محطه",
    "نقابه",
    "غرفه",
    "ائتلاف",
    "تحالف",
    "حكومه",
    "مصلحه",
    "دائره",
    "مفوضيه",
    "شرطه",
];

/// Words that head a place's name.
const PLACE_HEADS: &[&str] = &[
    "مدينه",
    "ولايه",
    "منطقه",
    "محافظه",
    "اقليم",
    "جزيره",
    "جزر",
    "بحر",
    "نهر",
    "جبل",
    "قريه",
    "بلده",
    "عاصمه",
    "مقاطعه",
    "دوله",
    "جمهوريه",
    "مملكه",
    "اماره",
    "مخيم",
    "حي",
    "شارع",
    "ميناء",
    "بلاد",
    "قطاع",
    "ضاحيه",
    "بلديه",
    "ساحل",
    "خليج",
    "صحراء",
    "واحه",
];

/// Verbs of speech, often followed by the speaker's name.
const SPEECH: &[&str] = &[
    "قال",
    "اعلن",
    "اكد",
    "اضاف",
    "صرح",
    "اوضح",
    "ذكر",
    "اشار",
    "قالت",
    "اعلنت",
    "اكدت",
    "اضافت",
    "صرحت",
    "اوضحت",
    "ذكرت",
    "اشارت",
    "افاد",
    "افادت",
    "يقول",
    "تقول",
];

/// The trigger bits of each trigger word, by the hash of the word.
fn trigger_table() -> &'static HashedMap<u8> {
    static TABLE: std::sync::OnceLock<HashedMap<u8>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = HashedMap::default();
        for (list, bit) in [
            (PERSON_TITLES, Trigger::PERSON_TITLE),
            (ORG_HEADS, Trigger::ORG_HEAD),
            (PLACE_HEADS, Trigger::PLACE_HEAD),
            (SPEECH, Trigger::SPEECH),
        ] {
            for w in list {
                *t.entry(hash(w)).or_insert(0) |= bit;
            }
        }
        t
    })
}

/// Builds the trigger table now, if it is not built yet (start-up spreads
/// such work over tasks: [`crate::Recognizer::preload`]).
pub(crate) fn load() {
    trigger_table();
}

/// The trigger bits of a word, from its stem or the word itself (hashes).
pub(crate) fn triggers_of(stem: u64, word: u64) -> u8 {
    let t = trigger_table();
    t.get(&stem).copied().unwrap_or(0) | t.get(&word).copied().unwrap_or(0)
}

/// Whether `word` (normalized) heads a name or comes right before one: a
/// title, or the head of an organization's or a place's name (وزير, وكاله,
/// ولايه, مجلس). The recognizer keeps such a word whole in a span (وكالة is
/// no و + كالة) and strips particles before it (لمجلس → مجلس).
pub(crate) fn heads_a_name(word: &str) -> bool {
    let heads = Trigger::PERSON_TITLE | Trigger::ORG_HEAD | Trigger::PLACE_HEAD;
    trigger_table()
        .get(&hash(word))
        .is_some_and(|&bits| bits & heads != 0)
}
