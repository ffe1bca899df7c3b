/// The vocabulary ``SeedText`` draws from.
enum SeedWords {
    static let english = """
        the a of and to in for with on our your brand campaign launch audience budget \
        creative spring summer autumn winter quarter weekly report metrics conversion \
        click rate reach impressions engagement persona voice tone warm direct clear \
        competitor pricing offer discount retail store online mobile video banner \
        newsletter email social channel partner agency client review approval draft \
        copy headline tagline teaser landing page funnel retention loyalty segment \
        survey insight trend market share growth target goal plan schedule calendar \
        week month launch event party product feature bundle premium value quality \
        customer team meeting notes follow up next steps deadline owner asset photo \
        shoot logo palette colour font guideline story message benefit proof claim \
        search keyword bid spend cost return attribution test variant control lift \
        region city store opening holiday season promotion coupon code referral \
        community influencer creator content post thread reel short caption hashtag \
        is are was will should could may can must not also more less very quite
        """.split(separator: " ").map(String.init)

    static let accented = [
        "café", "événement", "naïve", "crème", "résumé", "déjà", "über", "Zürich",
        "Müller", "señal", "año", "São", "Paulo", "Kraków", "façade", "coöperate",
    ]

    static let cjk = [
        "東京", "大阪", "北京", "上海", "広告", "キャンペーン", "ブランド", "品牌", "营销", "顾客",
        "서울", "광고", "新製品", "発売", "会議",
    ]

    static let tags = [
        "voice", "tone", "launch", "pricing", "competitor", "persona", "q1", "q2", "q3", "q4",
        "social", "email", "retail", "東京", "café", "budget", "creative", "seo", "paid", "brand",
    ]
}
