"""Words the simulated world speaks: people, and the posts they write.

The mix is on purpose: emoji with skin-tone modifiers and ZWJ sequences, CJK,
right-to-left scripts, links, and hostile text (Rich markup, terminal escape
sequences) so every client layer meets them on a first sync.
"""

from __future__ import annotations

OWNER = {
    "username": "noor_grows",
    "name": "Noor Abernathy",
    "description": "Marketing for small businesses that make real things: candles, coffee, "
    "ceramics. Notes on what worked (and what flopped). DMs open.",
    "location": "Leeds, UK",
    "url": "https://noorgrows.example",
}

# (username, name, description, language)
INFLUENCERS = [
    ("growthgwen", "Gwen Achterberg", "Growth for bootstrapped brands. 12 years, 3 exits.", "en"),
    ("copy_kofi", "Kofi Mensah ✍🏿", "Copywriter. I fix landing pages for a living.", "en"),
    ("localseo_lena", "Lena Vogt", "Local SEO nerd. Google Business Profile whisperer.", "en"),
    ("retail_raj", "Raj Patel", "Ran 40 pop-up shops. Now I write about it.", "en"),
    ("brandbyaiko", "Aiko Tanaka 🌸", "ブランドづくり / brand strategy for makers", "ja"),
    ("dtc_diego", "Diego Alvarez", "DTC operator. Email > everything.", "es"),
]

PROSPECTS = [
    ("kyoto_roast", "森 健二 Kenji Mori", "京都の小さな焙煎所 ☕ small-batch roaster", "ja"),
    ("yael_bakes", "יעל בן-דוד Yael", "מאפייה שכונתית בתל אביב 🥖 neighbourhood bakery", "he"),
    ("cairo_looms", "عمر حداد Omar", "نسيج يدوي من القاهرة · handwoven textiles", "ar"),
    ("linwei_tea", "林薇 Lin Wei", "茶 · tea from our family garden in Fujian 🍵", "zh"),
    ("seoul_stitch", "박서연 Seo-yeon", "손바느질 가방 · hand-stitched bags", "ko"),
    ("priya_pots", "Priya Raman", "Wheel-thrown pottery, Bristol. Kiln named Gerald.", "en"),
    ("tomas_bikes", "Tomás Ruiz", "Fixing bikes and building a shop in Valencia 🚲", "es"),
    ("amara_skin", "Amara Obi 👩🏾‍🔬", "Small-batch skincare. Chemist by training.", "en"),
    ("jonas_wood", "Jonas Berg", "Woodshop in Bergen. Chairs take time.", "en"),
    ("fz_ceramics", "فاطمة الزهراء Fatima", "Céramique de Fès · خزف فاسي", "ar"),
    ("samsbooks", "Sam Taylor", "Indie bookshop with a cat. Buying local since 2019.", "en"),
    ("lucia_flores", "Lucía Fernández 💐", "Floristería en Sevilla", "es"),
]

# The prospect whose account is protected (followers-only posts).
PROTECTED_PROSPECT = "jonas_wood"

FIRST_NAMES = [
    "Ada",
    "Ben",
    "Chloé",
    "Dmitri",
    "Eun-ji",
    "Farah",
    "Gustavo",
    "Hana",
    "Ibrahim",
    "Jade",
    "Kwame",
    "Leila",
    "Mateo",
    "Nadia",
    "Oskar",
    "Pooja",
    "Quinn",
    "Rosa",
    "Sipho",
    "Tariq",
    "Ursula",
    "Vikram",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoë",
    "Ayşe",
    "Björn",
    "Camille",
    "Daniel",
    "健",
    "美咲",
    "伟",
    "Noa",
    "أحمد",
    "מיכל",
    "Ngozi",
    "Elif",
    "Matteo",
    "Sofía",
]
LAST_NAMES = [
    "Okoro",
    "Lindqvist",
    "Moreau",
    "Ivanova",
    "Kim",
    "Haddad",
    "Souza",
    "Sato",
    "Rahman",
    "Nguyen",
    "Mensah",
    "Farouk",
    "Rossi",
    "Kowalski",
    "Dubois",
    "Singh",
    "Murphy",
    "García",
    "Ndlovu",
    "Yilmaz",
    "Schmidt",
    "Costa",
    "Chen",
    "Levi",
    "Adeyemi",
    "O'Brien",
    "Novak",
]
NAME_FLAIR = ["", "", "", "", " 🌱", " ☕", " 🧵", " 👩🏽‍💻", " 🏳️‍🌈", " 🇳🇬", " ✨", " 🐈‍⬛"]
BIO_BITS = [
    "Maker.",
    "Coffee first.",
    "Small shop, big heart.",
    "Marketing student.",
    "Bookkeeper by day.",
    "Plant parent 🌿",
    "Etsy seller.",
    "Freelance designer.",
    "Bakes on weekends.",
    "They/them.",
    "ceramics + cats",
    "Building in public.",
]

OWNER_POSTS = [
    "Small shops: your Google Business Profile photos matter more than your logo. "
    "Update them monthly.",
    "A candle brand I work with doubled repeat orders with one thing: a handwritten "
    "note in every box. ✍️",
    "Email list > follower count. Every time. Here's how we grew one from 0 to 1,200: "
    "https://noorgrows.example/list",
    "If your product photos are on a white background only, try one in real use. "
    "Conversions went up 18% for a client.",
    "Hot take: most small businesses don't need a TikTok. They need a working contact form.",
    "Pricing tip: never let your cheapest product be the first thing people see. 💸",
    "Pop-up markets are marketing, not sales. Count the email signups, not the till.",
    "Reminder that 'engagement' means talking to people. Reply to your comments. All of them. 💬",
    "Client win 🎉 a two-person coffee roaster now sells out every Friday drop.",
    "Your About page is a sales page. Write it like one. Example: "
    "https://noorgrows.example/about-pages",
    "Three questions before any campaign: who is it for, what should they do, how will we know?",
    "Working from the café again today ☕👩🏽‍💻 ask me anything about local marketing.",
    "Seasonal products need a story, not just a discount. 🍂",
    "Made a free checklist for launching a product page: https://noorgrows.example/checklist",
    "Wholesale is a marketing channel too. The shop owner is your first customer.",
    "Stop boosting posts at random. Pick one goal per month.",
    "Reviews: ask within 48 hours, make it one tap, and thank every single one 🙏🏾",
    "Shoutout to every maker who packed orders at midnight this week. 🕛📦",
    "A/B test your subject lines. 'Back in stock' beat clever puns 3 to 1 for us.",
    "Your bio should say what you sell and where. Not a quote.",
]

THREAD = [
    "🧵 How I'd market a tiny physical-goods shop with £0 and 30 minutes a day (1/8)",
    "2/8 Pick one platform where your buyers already talk. Just one. Be there daily.",
    "3/8 Spend 20 of the 30 minutes replying to other people, not posting. Relationships compound.",
    "4/8 Post what you actually do: the mess on the bench, the failed batch, the packing table.",
    "5/8 Thank everyone who engages. By name. Every follow, every share. It's the "
    "cheapest ad there is.",
    "6/8 Keep a list of 20 people you'd love to work with. Read their posts. Answer the good ones.",
    "7/8 Collect emails from day one, even with a Google Form.",
    "8/8 That's it. No hacks. Ten minutes of real conversation a day beats any scheduler. 💛",
]

DELETED_OWNER_POST = "Oops, wrong link in the last post, ignore this one"

PROSPECT_POSTS = {
    "ja": [
        "新しいエチオピアの豆が入りました ☕ 浅煎りで花の香り。",
        "今週末、京都の朝市に出店します！🇯🇵 ぜひ来てください。",
        "焙煎機のメンテナンス中…🔧 明日から通常営業です。",
        "Instagramとメールマガジン、どちらが効果的ですか？悩んでいます 🤔",
    ],
    "he": [
        "לחם מחמצת טרי יוצא מהתנור עכשיו 🥖",
        "מישהו יודע איך לשווק מאפייה קטנה ברשתות? אשמח לעצות 🙏🏼",
        "סוף שבוע עמוס! תודה לכל הלקוחות שלנו ❤️",
    ],
    "ar": [
        "قطعة جديدة من النسيج اليدوي جاهزة اليوم 🧶",
        "هل لديكم نصائح لبيع المنتجات اليدوية عبر الإنترنت؟",
        "شكراً لكل من زار معرضنا في القاهرة 🙏🏽",
    ],
    "zh": [
        "今年的春茶到了 🍵 香气特别好。",
        "小店第一次做线上直播，有点紧张 😅 大家有什么建议吗？",
        "家里的茶园下雨了，明天继续采茶。",
    ],
    "ko": [
        "새로운 가방 디자인 완성했어요 👜",
        "작은 가게 마케팅, 어디서부터 시작해야 할까요? 🤔",
        "주말 플리마켓 참가합니다! 🧵",
    ],
    "es": [
        "Nueva tienda casi lista 🚲 ¿qué debería poner en el escaparate?",
        "¿Alguien usa newsletters para un negocio local? ¿Funcionan?",
        "Gracias a todas las clientas de esta semana 💐❤️",
    ],
    "en": [
        "Just finished a new batch 🙌🏽 anyone know how to get more eyes on a small shop?",
        "Thinking about running a giveaway. Good idea or a waste of stock?",
        "Our first wholesale order came in today! 🎉👩🏾‍🔬",
        "Rebuilding our website this month. Any favourite examples of small shop sites?",
        "Kiln opening day is the best day 🔥 pics soon: https://example.com/kiln-day",
        "Honest question: does anyone actually read product descriptions?",
        "Family day at the shop 👨‍👩‍👧‍👦 closed till Monday.",
    ],
}

INFLUENCER_POSTS = [
    "The best marketing for a small business is still a great product and a fast reply.",
    "Stop chasing virality. Chase the 100 people who'd buy twice.",
    "New guide on local search for shops: https://example.com/local-seo-guide",
    "Landing page audit thread later today. Drop yours below 👇🏼",
    "Nobody reads your mission statement. Everyone reads your shipping policy.",
    "Email subject lines that work for makers: short, specific, a little weird.",
    "If you sell at markets, your table sign is your homepage. 🪧",
    "Compounding is boring until it isn't 📈",
]

MENTION_TEXTS = [
    "@{owner} your thread on Google Business Profiles saved my week 🙏🏽",
    "@{owner} would love your take on pricing for a tiny candle shop",
    "Great advice from @{owner} on pop-up markets. Counting signups now 📋",
    "@{owner} 👋🏾 are you speaking at the maker meetup this month?",
    "@{owner} ما رأيك في التسويق عبر البريد الإلكتروني للمتاجر الصغيرة؟",
    "@{owner} 小さなお店のSNS運用について相談したいです 🙇",
    "@{owner} בזכותך התחלנו רשימת תפוצה! תודה 💙",
    "@{owner} check this out [bold red]x[/] — is this what you meant by bold branding?",
    "@{owner} testing my new shop sign \x1b[2J\x1b]0;pwned\x07 lol",
    "Shoutout to @{owner} for the free checklist: https://noorgrows.example/checklist 🎉",
]

REPLY_TEXTS = [
    "@{owner} this is so true, we saw the same thing 👏🏼",
    "@{owner} saving this one 📌",
    "@{owner} how long before you saw results?",
    "@{owner} 100%. our handwritten notes get photographed and posted every week",
    "@{owner} counterpoint: TikTok worked great for our bakery 🥐",
    "@{owner} 谢谢分享！很有帮助 🙏",
    "@{owner} شكراً، مفيد جداً",
    "@{owner} ❤️‍🔥❤️‍🔥",
]

# Some quotes name the owner (they reach the mentions timeline), some do not
# (only quote_tweets finds them).
QUOTE_TEXTS = [
    "Every small business owner should read this 👇 @{owner}",
    "This. So much this. 🙌🏿",
    "Bookmarking for our next launch 📚 thanks @{owner}",
    "Noor nails it again",
    "このスレッド、めちゃくちゃ参考になる 🙏",
]

FOLLOWER_POST_TEXTS = [
    "Packing orders all evening 📦",
    "Finally launched our new website! https://example.com/shop",
    "Anyone else doing the Saturday market?",
    "Coffee number three ☕☕☕",
    "New product photos done 📸✨",
]

LIST_NAMES = [
    "Marketing people",
    "Small biz friends",
    "Makers I follow",
    "Local SEO",
    "Maker mentors",
    "Great threads",
    "Inspiration ✨",
    "マーケティング",
]
