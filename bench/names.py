"""Name material for the generated corpus: people, organisations, places, outlets, topics.

All fictional combinations of ordinary names; nothing here refers to a real person.
"""

from __future__ import annotations

FIRST_NAMES = ["Akiko", "Aiko", "Daisuke", "Emi", "Fumiko", "Haruto", "Hiroshi", "Isamu", "Junko", "Kaito", "Kenji", "Keiko", "Mari", "Masato", "Naoko", "Noriko", "Reiko", "Ren", "Ryota", "Sachiko", "Satoshi", "Shinji", "Sota", "Takeshi", "Tomoko", "Yui", "Yuki", "Yusuke", "Yoko", "Kazuo", "Amelia", "Andrew", "Anne", "Benjamin", "Caroline", "Catherine", "Charles", "Claire", "Daniel", "David", "Eleanor", "Elizabeth", "Emily", "Emma", "Ethan", "Fiona", "George", "Grace", "Hannah", "Helen", "Henry", "Isabel", "Jack", "James", "Jennifer", "John", "Jonathan", "Julia", "Katherine", "Laura", "Liam", "Lucy", "Margaret", "Mark", "Matthew", "Megan", "Michael", "Nathan", "Nicholas", "Oliver", "Patrick", "Paul", "Rachel", "Rebecca", "Richard", "Robert", "Samuel", "Sarah", "Sophie", "Stephen", "Thomas", "Victoria", "William", "Amelie", "Antoine", "Camille", "Chantal", "Dominique", "Etienne", "Francois", "Genevieve", "Guillaume", "Isabelle", "Jacques", "Julien", "Louise", "Luc", "Marc", "Marie", "Mathieu", "Nathalie", "Philippe", "Pierre", "Sylvie", "Veronique", "Yves", "Min-jun", "Seo-yeon", "Ji-ho", "Ha-eun", "Dong-hyun", "Soo-jin", "Wei", "Li", "Jing", "Hao", "Mei", "Xin", "Chen", "Arjun", "Priya", "Rahul", "Ananya", "Vikram", "Deepa", "Sanjay", "Aisha", "Omar", "Fatima", "Hassan", "Leila", "Karim", "Nadia", "Sofia", "Mateo", "Lucia", "Diego", "Carmen", "Javier", "Elena", "Ivan", "Olga", "Dmitri", "Anna", "Piotr", "Katarzyna", "Lars", "Ingrid", "Sven", "Astrid", "Hugo", "Greta"]

SURNAMES = ["Abe", "Aoki", "Endo", "Fujita", "Fukuda", "Goto", "Hasegawa", "Hayashi", "Hirano", "Ikeda", "Inoue", "Ishikawa", "Ito", "Kato", "Kimura", "Kobayashi", "Kondo", "Matsumoto", "Mimura", "Miura", "Mori", "Murakami", "Nakamura", "Nakano", "Nishimura", "Ogawa", "Okada", "Saito", "Sakamoto", "Sasaki", "Shimizu", "Sugiyama", "Suzuki", "Takahashi", "Tanaka", "Ueda", "Watanabe", "Yamada", "Yamaguchi", "Yamamoto", "Yoshida", "Kishida", "Motegi", "Kono", "Onodera", "Iwaya", "Anderson", "Bailey", "Baker", "Bennett", "Brooks", "Campbell", "Carter", "Clarke", "Collins", "Cooper", "Davies", "Edwards", "Ellis", "Evans", "Fisher", "Forster", "Foster", "Graham", "Grant", "Hall", "Harris", "Hughes", "Hunter", "Jackson", "Jenkins", "Kelly", "Kennedy", "Lambert", "Lewis", "MacDonald", "Marsh", "Martin", "Mitchell", "Morgan", "Morris", "Murphy", "Murray", "Parker", "Phillips", "Reid", "Roberts", "Robinson", "Ross", "Russell", "Scott", "Shaw", "Stewart", "Sullivan", "Taylor", "Thompson", "Turner", "Walker", "Watson", "White", "Wilson", "Wright", "Young", "Beaumont", "Fraser", "McKenzie", "O'Brien", "Sinclair", "Whitfield", "Bernard", "Bouchard", "Cote", "Dion", "Dubois", "Fortin", "Gagnon", "Gauthier", "Girard", "Jean", "Joly", "Lavoie", "Leblanc", "Lefebvre", "Martel", "Morin", "Pelletier", "Roy", "Tremblay", "Champagne", "Garneau", "Lemieux", "Beaulieu", "Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Wang", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Patel", "Sharma", "Singh", "Gupta", "Kumar", "Iyer", "Reddy", "Nair", "Rao", "Khan", "Haddad", "Nasser", "Rahman", "Hussein", "Mansour", "Garcia", "Rodriguez", "Martinez", "Lopez", "Gonzalez", "Fernandez", "Silva", "Santos", "Rossi", "Bianchi", "Novak", "Kowalski", "Ivanova", "Petrov", "Schmidt", "Muller", "Fischer", "Weber", "Larsen", "Nilsson", "Berg", "Virtanen", "Dahl"]

TITLES = (
    "Prime Minister", "Foreign Minister", "Defence Minister", "Trade Minister", "Finance Minister",
    "Deputy Foreign Minister", "Ambassador", "Senator", "Governor", "Mayor", "Dr.", "Professor",
    "Chief Executive", "General", "Admiral", "Chief Cabinet Secretary", "Opposition leader",
)

ORGANISATIONS = (
    "United Nations", "U.N. Security Council", "World Trade Organization", "International Monetary Fund",
    "World Bank", "Asian Development Bank", "International Atomic Energy Agency", "NATO",
    "Group of Seven", "European Union", "ASEAN", "Liberal Democratic Party", "Liberal Party",
    "Conservative Party", "New Democratic Party", "Ministry of Foreign Affairs", "Ministry of Defense",
    "Global Affairs Canada", "Department of National Defence", "Bank of Japan", "Bank of Canada",
    "Japan Self-Defense Forces", "Royal Canadian Navy", "Canadian Armed Forces", "Toyota", "Mitsubishi Heavy Industries",
    "Hitachi", "Honda", "Sony", "Panasonic", "SoftBank", "Nippon Steel", "Shell", "Petronas", "Bombardier",
    "Ontario Power Generation", "GE Hitachi Nuclear Energy", "LNG Canada", "JERA", "Inpex",
    "Tokyo Electric Power Company", "Hydro-Quebec", "Canadian Security Intelligence Service",
    "Japan External Trade Organization", "Keidanren", "Red Cross", "Amnesty International",
    "University of Tokyo", "University of Toronto", "McGill University", "Kyoto University",
)
ORG_WORDS_A = ("Pacific", "Northern", "Maple", "Sakura", "Harbour", "Summit", "Coastal", "Granite",
               "Meridian", "Aurora", "Cedar", "Tidewater", "Keystone", "Lakeshore", "Kestrel")
ORG_WORDS_B = ("Energy", "Holdings", "Capital", "Logistics", "Foods", "Robotics", "Shipping",
               "Pharmaceuticals", "Telecom", "Mining", "Motors", "Semiconductors", "Analytics")
ORG_SUFFIXES = ("Corporation", "Inc.", "Group", "Ltd.", "Co.", "Partners")

PLACES = (
    "Tokyo", "Osaka", "Kyoto", "Hiroshima", "Nagasaki", "Sapporo", "Okinawa", "Fukushima", "Yokohama",
    "Kobe", "Sendai", "Nagoya", "Ise-Shima", "Karuizawa", "Hokkaido", "Japan", "Canada", "Ottawa",
    "Toronto", "Vancouver", "Montreal", "Calgary", "Edmonton", "Halifax", "Quebec City", "Winnipeg",
    "British Columbia", "Alberta", "Ontario", "Kitimat", "United States", "Washington", "New York",
    "China", "Beijing", "Shanghai", "Hong Kong", "Taiwan", "South Korea", "Seoul", "North Korea",
    "Pyongyang", "India", "New Delhi", "Australia", "Canberra", "Singapore", "Indonesia", "Jakarta",
    "Philippines", "Manila", "Vietnam", "Hanoi", "Thailand", "Bangkok", "Malaysia", "Russia",
    "Moscow", "Ukraine", "Kyiv", "Germany", "Berlin", "France", "Paris", "Britain", "London",
    "Italy", "Rome", "Brussels", "Geneva", "South China Sea", "East China Sea", "Indo-Pacific",
    "Arctic", "Pacific", "Middle East", "Europe", "Asia", "Africa", "Latin America", "Mexico",
)

OUTLETS = (
    ("Pacific Ledger", "pacificledger.example"),
    ("Northern Dispatch", "northerndispatch.example"),
    ("Harbourfront Herald", "harbourfrontherald.example"),
    ("Asia Pacific Monitor", "apmonitor.example"),
    ("Maple Leaf Wire", "mapleleafwire.example"),
    ("Tokyo Evening Post", "tokyoeveningpost.example"),
    ("The Capital Observer", "capitalobserver.example"),
    ("Prairie Courier", "prairiecourier.example"),
    ("Strait Times Review", "straitreview.example"),
    ("Global Policy Brief", "policybrief.example"),
    ("The Coastal Chronicle", "coastalchronicle.example"),
    ("Kanto Business Daily", "kantobusiness.example"),
    ("Atlantic Current", "atlanticcurrent.example"),
    ("Lakeshore Gazette", "lakeshoregazette.example"),
    ("Meridian News Service", "meridiannews.example"),
    ("The Eastern Review", "easternreview.example"),
)

SECTIONS = ("World", "Politics", "Business", "Asia", "Canada", "Energy", "Defence", "Trade",
            "Technology", "Science", "Opinion", "National")

TOPICS = (
    "intelligence sharing", "counter-terrorism", "nuclear test", "ballistic missile",
    "small modular reactors", "liquefied natural gas", "free trade agreement", "supply chains",
    "rare earth minerals", "climate change", "carbon pricing", "interest rates", "inflation",
    "trade deficit", "defence spending", "maritime security", "cyber security",
    "economic security", "critical minerals", "semiconductor industry", "electric vehicles",
    "public health", "vaccine rollout", "refugee resettlement", "human rights",
    "free and open Indo-Pacific", "rules-based order", "joint military exercise",
    "peacekeeping operations", "disaster relief", "earthquake recovery", "tsunami warning",
    "election campaign", "opposition parties", "constitutional reform", "tax reform",
    "housing market", "labour shortage", "population decline", "tourism recovery",
    "artificial intelligence", "space exploration", "fisheries agreement", "arctic sovereignty",
    "energy security", "nuclear power plant", "renewable energy", "hydrogen fuel",
    "export controls", "sanctions regime", "foreign investment", "digital trade",
)

CAPTION_CREDITS = ("Kyodo", "AP", "Reuters", "AFP", "Getty Images", "Pool via AP", "Handout")

COMMENTERS = ("TokyoWatcher", "maple_reader", "J. Smith", "Observer99", "kenji_t", "northern_view",
              "PacificFan", "realist2020", "Anne B.", "citizen_k")
