//! Closed-class English words that tell a place name from a person, an organisation or a
//! facility. General knowledge of English news prose, not names from any corpus. Words are
//! folded (lower case, no dots).

use std::sync::OnceLock;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// Titles and roles written before a person's name: "President Obama", "spokesman Peter Cook".
#[rustfmt::skip]
pub const PERSON_TITLES: &[&str] = &[
    "president", "vice", "secretary", "minister", "premier", "chancellor", "mr", "mrs", "ms", "miss", "dr", "sir",
    "dame", "lord", "lady", "sen", "senator", "rep", "representative", "congressman", "congresswoman", "gov",
    "governor", "mayor", "gen", "general", "lt", "lieutenant", "col", "colonel", "capt", "captain", "maj", "major",
    "sgt", "sergeant", "adm", "admiral", "cmdr", "commander", "officer", "cpl", "corporal", "pvt", "private",
    "judge", "justice", "attorney", "prosecutor", "pope", "king", "queen", "prince", "princess", "emperor",
    "sheikh", "sheik", "imam", "ayatollah", "rabbi", "rev", "reverend", "father", "bishop", "archbishop",
    "cardinal", "pastor", "prof", "professor", "coach", "detective", "inspector", "chief", "spokesman",
    "spokeswoman", "spokesperson", "ambassador", "envoy", "commissioner", "councilman", "councilwoman",
    "councillor", "councilor", "superintendent", "trooper", "deputy", "sheriff", "director", "chairman",
    "chairwoman", "ceo", "emir", "sultan", "mullah", "leader", "president-elect", "nominee", "candidate", "actor",
    "actress", "singer", "author", "dubbed", "named", "surnamed",
];

/// Honorifics that are titles only when capitalised ("Miss Smith", but "to miss Rochester").
#[rustfmt::skip]
pub const CAPITALISED_ONLY_TITLES: &[&str] = &[
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "major", "private", "general", "judge",
    "justice", "father", "bishop", "cardinal", "king", "queen", "prince", "princess", "chief", "named", "dubbed",
    "surnamed", "officer", "trooper", "deputy", "captain", "pastor", "reverend",
];

/// Verbs of saying after a person's surname: "Cook said".
#[rustfmt::skip]
pub const SPEECH_VERBS: &[&str] = &[
    "said", "says", "told", "added", "wrote", "stated", "explained", "noted", "argued", "insisted", "claimed",
    "announced", "tweeted", "testified", "recalled", "asked", "replied", "warned", "acknowledged", "admitted",
];

/// Heads of organisation, event and facility names: the word after a candidate that makes the
/// candidate part of a longer name.
#[rustfmt::skip]
pub const NAME_HEADS: &[&str] = &[
    "university", "college", "institute", "school", "academy", "observatory", "council", "assembly", "committee",
    "commission", "ministry", "department", "agency", "authority", "bureau", "office", "party", "army", "navy",
    "forces", "force", "guard", "police", "brigade", "battalion", "corps", "militia", "front", "movement", "union",
    "league", "federation", "association", "society", "foundation", "fund", "church", "cathedral", "mosque",
    "temple", "synagogue", "diocese", "archdiocese", "hospital", "clinic", "center", "centre", "museum", "library",
    "gallery", "theatre", "theater", "stadium", "arena", "hotel", "inn", "mall", "market", "court", "tribunal",
    "congress", "parliament", "senate", "cabinet", "government", "administration", "embassy", "consulate",
    "mission", "trust", "institution", "board", "service", "services", "project", "program", "programme",
    "initiative", "campaign", "coalition", "alliance", "conference", "summit", "accord", "agreement", "treaty",
    "declaration", "convention", "protocol", "act", "law", "war", "wars", "revolution", "uprising", "crisis",
    "massacre", "games", "olympics", "cup", "championship", "open", "marathon", "festival", "fair", "expo", "show",
    "award", "awards", "prize", "elementary", "high", "middle", "seminary", "prison", "jail", "penitentiary",
    "base", "airport", "airfield", "station", "terminal", "pier", "plant", "factory", "mine", "mills", "farm",
    "ranch", "estate", "plantation", "state", "observatory",
];

/// Heads of the names of bodies that carry a country's adjective without belonging to it
/// ("Syrian Observatory for Human Rights" works from Coventry, "American University of Beirut"):
/// a demonym before one does not stand for its country. State bodies ("Nigerian Army", "Russian
/// Embassy") are not listed: their adjective does name the country.
#[rustfmt::skip]
pub const INDEPENDENT_BODY_HEADS: &[&str] = &[
    "observatory", "university", "college", "institute", "school", "academy", "society", "association",
    "foundation", "fund", "league", "federation", "club", "center", "centre", "museum", "library", "gallery",
    "theatre", "theater", "orchestra", "festival", "award", "awards", "prize", "games", "open", "championship",
    "cup", "council", "committee", "church", "conference", "network", "project", "initiative", "campaign",
];

/// Heads of brand names: newspapers, broadcasters, companies, teams. A place name inside one
/// ("The Washington Post", "Toronto Star") names the brand, not a place the article is about.
#[rustfmt::skip]
pub const BRAND_HEADS: &[&str] = &[
    "times", "post", "journal", "herald", "tribune", "gazette", "news", "press", "daily", "chronicle", "telegraph",
    "observer", "guardian", "review", "magazine", "star", "sun", "globe", "examiner", "courier", "dispatch",
    "inquirer", "register", "bulletin", "radio", "tv", "television", "network", "broadcasting", "airlines",
    "airways", "railways", "railroad", "motors", "energy", "oil", "gas", "power", "electric", "telecom",
    "pharmaceuticals", "partners", "associates", "consulting", "media", "entertainment", "pictures", "books",
    "records", "studios", "bank", "company", "corporation", "corp", "inc", "ltd", "llc", "plc", "group", "holdings",
    "club", "fc", "united", "rovers", "team", "orchestra", "capital",
];

/// Natural features named after a place: "Jordan Valley" is not Jordan, "Lake Michigan" is not
/// Michigan.
#[rustfmt::skip]
pub const FEATURE_WORDS: &[&str] = &[
    "river", "lake", "lakes", "sea", "bay", "gulf", "valley", "mountains", "mountain", "mount", "hills", "hill",
    "heights", "desert", "plain", "plains", "basin", "island", "islands", "isle", "peninsula", "strait", "straits",
    "channel", "coast", "forest", "canyon", "delta", "creek", "falls", "springs", "beach", "park", "reservoir",
    "glacier", "volcano", "range", "ridge", "cape", "point", "harbor", "harbour", "oasis", "dam",
];

/// Street and road types: "Orchard St.", "Franklin Avenue" name a street, not the town.
#[rustfmt::skip]
pub const STREET_TYPES: &[&str] = &[
    "street", "st", "avenue", "ave", "road", "rd", "boulevard", "blvd", "lane", "ln", "drive", "dr", "way", "place",
    "pl", "square", "sq", "highway", "hwy", "parkway", "pkwy", "freeway", "expressway", "turnpike", "pike", "court",
    "ct", "terrace", "trail", "circle", "crescent", "alley", "row", "bridge", "tunnel", "interstate", "route",
];

/// Words that make a place name preceding them a division: "Homs province", "Idlib governorate".
#[rustfmt::skip]
pub const DIVISION_WORDS: &[&str] = &[
    "province", "governorate", "region", "oblast", "prefecture", "department", "canton", "county", "district",
    "parish", "municipality", "borough", "township", "shire", "emirate", "territory", "krai", "raion", "wilaya",
    "vilayet", "division", "countryside",
];

/// Lower-case nouns that a place name modifies: "Roselle police", "the Maryville church",
/// "Aleppo residents", "a Columbia woman".
#[rustfmt::skip]
pub const LOCAL_NOUNS: &[&str] = &[
    "police", "officials", "official", "residents", "resident", "authorities", "mayor", "council", "area",
    "neighborhood", "neighbourhood", "city", "town", "village", "county", "district", "school", "schools",
    "hospital", "church", "firefighters", "officers", "voters", "native", "natives", "man", "woman", "men", "women",
    "boy", "girl", "couple", "family", "families", "teen", "teenager", "student", "students", "campus", "airport",
    "station", "home", "homes", "businesses", "streets", "downtown", "suburb", "suburbs", "outskirts",
    "countryside", "border", "province", "region", "office", "branch", "plant", "factory", "port", "harbor",
    "harbour", "hospitals", "prison", "market", "mosque", "monastery", "cathedral", "stadium", "resident's",
    "library", "museum", "zoo", "park", "parks", "police's", "sheriff", "fire", "firefighter", "department",
    "commissioners", "commission", "board", "government", "governor", "lawmakers", "leaders", "officials'",
];

/// Words after "the city of", "the town of": the name is a populated place.
#[rustfmt::skip]
pub const SETTLEMENT_WORDS: &[&str] = &[
    "city", "town", "village", "capital", "port", "hamlet", "suburb", "township",
];

/// Capitalised modifiers that may precede a place name without being part of a larger name:
/// "Northern Syria", "Greater London", "Downtown Aleppo".
#[rustfmt::skip]
pub const PLACE_MODIFIERS: &[&str] = &[
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "northeast",
    "northwest", "southeast", "southwest", "northeastern", "northwestern", "southeastern", "southwestern", "upper",
    "lower", "greater", "inner", "outer", "downtown", "uptown", "metro", "metropolitan", "rural", "coastal",
    "occupied", "historic", "old", "suburban", "mainland", "war-torn", "besieged", "rebel-held",
];

/// Words that open sentences or headlines in capitals without naming anything.
#[rustfmt::skip]
pub const FUNCTION_WORDS: &[&str] = &[
    "the", "a", "an", "in", "at", "on", "of", "for", "from", "to", "by", "with", "and", "or", "but", "as", "if",
    "when", "while", "after", "before", "since", "during", "near", "outside", "inside", "across", "into", "this",
    "that", "these", "those", "its", "his", "her", "their", "our", "we", "they", "he", "she", "it", "i", "you",
    "some", "many", "most", "all", "both", "each", "every", "no", "not", "yet", "so", "then", "there", "here",
    "where", "why", "how", "what", "who", "which", "meanwhile", "however", "also", "about", "over", "under",
    "between", "among", "against", "via", "per", "like", "unlike", "according", "despite", "although", "though",
    "because", "once", "until", "unless", "whether", "said", "says", "says", "is", "are", "was", "were", "be",
    "has", "have", "had", "will", "would", "can", "could", "may", "might", "must", "should", "shall", "do", "does",
    "did", "more", "less", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april",
    "may", "june", "july", "august", "september", "october", "november", "december", "today", "yesterday",
    "tomorrow", "last", "next", "other", "another", "such", "only", "even", "just", "still", "now", "already",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues",
    "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "none", "any", "either", "neither", "nor", "several", "few",
    "much", "nothing", "nobody", "everyone", "everybody", "someone", "somebody", "anyone", "anybody",
    "everything", "something", "anything",
];

/// Adjectives and nouns of peoples, faiths and festivals that have no country of their own:
/// "Jewish", "Arab", "Kurdish" name no place, whatever village shares the word.
#[rustfmt::skip]
pub const PEOPLES_AND_FAITHS: &[&str] = &[
    "jewish", "jew", "jews", "arab", "arabs", "arabic", "muslim", "muslims", "moslem", "islamic", "islamist",
    "christian", "christians", "catholic", "catholics", "protestant", "protestants", "orthodox", "evangelical",
    "sunni", "sunnis", "shia", "shiite", "shiites", "hindu", "hindus", "sikh", "sikhs", "buddhist", "buddhists",
    "kurdish", "kurd", "kurds", "pashtun", "pashtuns", "tamil", "tamils", "hispanic", "hispanics", "latino",
    "latinos", "latina", "ismaili", "druze", "alawite", "alawites", "yazidi", "yazidis", "zionist", "baptist",
    "methodist", "lutheran", "mormon", "amish", "coptic", "copts", "maronite", "berber", "bedouin", "roma",
    "aboriginal", "indigenous", "creole", "celtic", "gaelic", "nordic", "slavic", "latin", "semitic",
    "jihadist", "jihadists", "salafist", "wahhabi", "hasidic", "passover", "easter", "christmas", "ramadan",
    "eid", "hanukkah", "diwali", "igbo", "yoruba", "hausa", "fulani", "zulu", "xhosa", "maasai", "masai", "tutsi",
    "hutu", "uyghur", "uighur", "uyghurs", "rohingya", "baloch", "hazara", "assyrian", "chaldean", "circassian",
];

/// Prepositions that introduce a location: "in X", "near X". Used to spot unknown place names.
#[rustfmt::skip]
pub const LOCATIVE_PREPOSITIONS: &[&str] = &[
    "in", "at", "near", "outside", "from", "to", "into", "across", "around", "toward", "towards", "through",
    "throughout", "inside", "within", "between", "via", "of",
];

/// A list a word is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    PersonTitle,
    CapitalisedOnlyTitle,
    SpeechVerb,
    NameHead,
    BrandHead,
    IndependentBodyHead,
    StreetType,
    FeatureWord,
    DivisionWord,
    SettlementWord,
    LocalNoun,
    PlaceModifier,
    FunctionWord,
    PeopleOrFaith,
    LocativePreposition,
    /// A word English writes in lower case (`gazetteer/lexicon/english-words.txt.gz`).
    EnglishWord,
    /// An English given name (`gazetteer/lexicon/given-names.txt`).
    GivenName,
    /// One of the 5,000 commonest US surnames (`gazetteer/lexicon/surnames.txt`).
    Surname,
}

impl Class {
    /// The long lexicons, each kept in a set of its own.
    fn is_lexicon(self) -> bool {
        matches!(self, Class::EnglishWord | Class::GivenName | Class::Surname)
    }
}

/// The closed lists a word is on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Classes(u32);

impl Classes {
    fn has(self, class: Class) -> bool {
        self.0 & Classes::bit(class) != 0
    }

    fn bit(class: Class) -> u32 {
        1 << class as u32
    }

    fn add(&mut self, class: Class) {
        self.0 |= Classes::bit(class);
    }
}

/// The word lists, built once. The short closed lists share one small map, so that a rule
/// asking about one word on several of them looks it up once, in memory that stays in cache;
/// the long lexicons (64,000 English words, 8,000 given names, 5,000 surnames) are asked only
/// when a rule needs them.
pub struct Vocab {
    closed: HashMap<&'static str, Classes>,
    english_words: HashSet<&'static str>,
    given_names: HashSet<String>,
    surnames: HashSet<String>,
}

/// A folded word with the closed lists it is on (see [`Vocab::classes`]).
#[derive(Clone, Copy)]
pub struct Word<'a> {
    vocab: &'a Vocab,
    folded: &'a str,
    closed: Classes,
}

impl Word<'_> {
    pub fn has(self, class: Class) -> bool {
        if class.is_lexicon() {
            self.vocab.in_lexicon(self.folded, class)
        } else {
            self.closed.has(class)
        }
    }

    pub fn has_any(self, classes: &[Class]) -> bool {
        classes.iter().any(|&c| self.has(c))
    }
}

static ENGLISH_WORDS: &str = include_str!(concat!(env!("OUT_DIR"), "/english.txt"));
static GIVEN_NAMES: &str = include_str!("../../gazetteer/lexicon/given-names.txt");
static SURNAMES: &str = include_str!("../../gazetteer/lexicon/surnames.txt");

fn folded_lines(text: &'static str) -> impl Iterator<Item = String> {
    text.lines()
        .map(|w| crate::gazetteer::fold::fold(w.trim()))
        .filter(|w| !w.is_empty())
}

impl Vocab {
    /// A folded word, looked up once in the closed lists, to ask about several lists.
    pub fn classes<'a>(&'a self, folded: &'a str) -> Word<'a> {
        Word {
            vocab: self,
            folded,
            closed: self.closed.get(folded).copied().unwrap_or_default(),
        }
    }

    /// Whether a folded word is on a list.
    pub fn is(&self, folded: &str, class: Class) -> bool {
        if class.is_lexicon() {
            self.in_lexicon(folded, class)
        } else {
            self.closed.get(folded).is_some_and(|c| c.has(class))
        }
    }

    fn in_lexicon(&self, folded: &str, class: Class) -> bool {
        match class {
            Class::EnglishWord => self.english_words.contains(folded),
            Class::GivenName => self.given_names.contains(folded),
            Class::Surname => self.surnames.contains(folded),
            _ => false,
        }
    }

    pub fn get() -> &'static Vocab {
        static VOCAB: OnceLock<Vocab> = OnceLock::new();
        VOCAB.get_or_init(Vocab::build)
    }

    fn build() -> Vocab {
        let lists: [(&[&'static str], Class); 15] = [
            (PERSON_TITLES, Class::PersonTitle),
            (CAPITALISED_ONLY_TITLES, Class::CapitalisedOnlyTitle),
            (SPEECH_VERBS, Class::SpeechVerb),
            (NAME_HEADS, Class::NameHead),
            (BRAND_HEADS, Class::BrandHead),
            (INDEPENDENT_BODY_HEADS, Class::IndependentBodyHead),
            (STREET_TYPES, Class::StreetType),
            (FEATURE_WORDS, Class::FeatureWord),
            (DIVISION_WORDS, Class::DivisionWord),
            (SETTLEMENT_WORDS, Class::SettlementWord),
            (LOCAL_NOUNS, Class::LocalNoun),
            (PLACE_MODIFIERS, Class::PlaceModifier),
            (FUNCTION_WORDS, Class::FunctionWord),
            (PEOPLES_AND_FAITHS, Class::PeopleOrFaith),
            (LOCATIVE_PREPOSITIONS, Class::LocativePreposition),
        ];
        let mut closed: HashMap<&'static str, Classes> = HashMap::default();
        for (words, class) in lists {
            for &w in words {
                closed.entry(w).or_default().add(class);
            }
        }
        Vocab {
            closed,
            english_words: ENGLISH_WORDS.lines().collect(),
            // "North" and "West" are in the given-name list; as capitals they are directions.
            given_names: folded_lines(GIVEN_NAMES)
                .filter(|n| !PLACE_MODIFIERS.contains(&n.as_str()))
                .collect(),
            surnames: folded_lines(SURNAMES).collect(),
        }
    }
}
