"""The demo's words: brands, stories (Chinese, some Tibetan and English), videos, placements.

Every person is synthetic. The three named roles of the article (a provincial May-Day medal
winner, a Chengdu Universiade torchbearer, the Meishan rider who jumped from a bridge to save a
life) are played by made-up names.
"""

from __future__ import annotations

# (slug, name, region, colour, motto, zh, en, bo)
BRANDS = [
    (
        "hongqishou",
        "红骑手",
        "510000",
        "#c8161d",
        "红骑手 跟党走",
        "四川省市场监管局创立的外卖配送员群体党建品牌。制作品牌标识、制发宣传手册，引领骑手争当"
        "文明行为的引导员、城市形象的宣传员、食品安全的监督员和违法线索的信息员。",
        "The Party-building brand Sichuan's market regulator created for food-delivery riders: "
        "riders as guides of civility, faces of their city, food-safety watchers and informants.",
        "སི་ཁྲོན་ཞིང་ཆེན་ཚོང་ར་ལྟ་རྟོག་དོ་དམ་ཅུས་ཀྱིས་ཟ་མ་སྐྱེལ་མཁན་ཚོགས་པའི་ཆེད་དུ་བཙུགས་པའི་"
        "ཏང་འཛུགས་སྐྲུན་གྱི་མཚོན་རྟགས་ཤིག་ཡིན།",
    ),
    (
        "xiaoniuge",
        "小牛哥",
        "510104",
        "#d9480f",
        "小牛哥·先锋车手",
        "成都市锦江区选取牛市口街道先行先试，全面启动“小牛哥·先锋车手”志愿服务品牌，"
        "获评“全国社会治理创新案例”。",
        "Jinjiang's riders' volunteer brand, started in Niushikou subdistrict; named a national "
        "case of social-governance innovation.",
        "ཁྲེང་ཏུའུ་གྲོང་ཁྱེར་ཅིན་ཅང་ཆུས་ཀྱི་ཞོན་པའི་དང་བླངས་ཞབས་ཞུའི་མཚོན་རྟགས།",
    ),
    (
        "wenxiaoai",
        "温小爱",
        "510115",
        "#e64980",
        "温暖每一位骑手",
        "成都市温江区树立“温小爱”党建品牌，建成“一核一廊一圈”广场式党建驿站，"
        "打造外卖配送行业党建文化广场。",
        "Wenjiang's brand: a square-style Party-building station and a culture square for the "
        "delivery trade.",
        "",
    ),
    (
        "luxiaoqi",
        "泸小麒",
        "510500",
        "#1c7ed6",
        "爱心商户 暖心驿站",
        "泸州市树立“泸小麒”党建品牌，协调100家临街餐馆、药店为外卖骑手免费提供歇脚休息、"
        "防晒避雨、急救药品等服务。",
        "Luzhou's brand: 100 street-side restaurants and pharmacies give riders rest, shade, "
        "shelter and first-aid supplies for free.",
        "",
    ),
    (
        "sanjiangqishi",
        "三江骑士",
        "511500",
        "#0c8599",
        "骑士有家",
        "宜宾市树立“三江骑士”党建品牌，为外卖配送员缴存住房公积金，缴存半年及以上最高可享受"
        "40万元住房公积金贴息贷款。",
        "Yibin's brand: riders who paid into the housing fund for six months may borrow up to "
        "¥400,000 with an interest subsidy.",
        "",
    ),
    (
        "yanduqishou",
        "盐都骑手",
        "510300",
        "#f08c00",
        "奋斗在路上",
        "自贡市打造“盐都骑手”品牌，录制形象宣传片《奋斗在路上》，上线“自贡外卖配送骑手云驿站”"
        "微信小程序，切实解决骑手日常问题。",
        "Zigong's brand: the film “On the Road of Striving” and a WeChat mini-program for "
        "riders' daily problems.",
        "",
    ),
    (
        "fengxingxia",
        "丰行侠",
        "510114",
        "#2f9e44",
        "丰行侠 行侠仗义",
        "成都市新都区设立100万元“丰行侠”专项基金，用于积分兑换实物、“丰行侠”公寓租金抵扣，"
        "组织骑手积极参与社会治理。",
        "Xindu's brand: a ¥1 million fund for points exchanged for goods and rent, and riders "
        "in local governance.",
        "",
    ),
]

# (brand slug, region, title, body, title_en, body_en, title_bo, body_bo)
STORIES = [
    (
        "hongqishou",
        "510000",
        "红骑手 跟党走：送餐路上的先锋",
        "全省10.6万名外卖配送员中，涌现出一批爱党爱国、爱岗敬业、担当有为、奉献社会的先进典型。"
        "他们穿行在大街小巷，既是城市的“送餐员”，也是文明行为的引导员、城市形象的宣传员、"
        "食品安全的监督员和违法线索的信息员。",
        "Red Riders: pioneers on the delivery road",
        "Among Sichuan's 106,000 delivery riders are people who love the Party and the country, "
        "work with dedication, take responsibility and serve society — guides of civility, faces "
        "of their city, food-safety watchers and informants.",
        "ཞོན་པ་དམར་པོ་ཏང་གི་རྗེས་སུ་འབྲང་། ཟ་མ་སྐྱེལ་ལམ་གྱི་སྔོན་འགྲོ།",
        "ཞིང་ཆེན་ཡོངས་ཀྱི་ཟ་མ་སྐྱེལ་མཁན་ཁྲི་བཅུ་དང་སྟོང་དྲུག་གི་ཁྲོད་ནས་ཏང་དང་རྒྱལ་ཁབ་ལ་དགའ་ཞིང་"
        "ལས་ཀར་བརྩོན་པ། འགན་ཁུར་ལེན་ནུས་པ། སྤྱི་ཚོགས་ལ་ཞབས་ཞུ་ཞུ་བའི་དཔེ་མཚོན་མང་པོ་ཐོན་ཡོད། "
        "ཁོང་ཚོས་གྲོང་ཁྱེར་གྱི་ལམ་ཁག་ཀུན་ཏུ་ཟ་མ་སྐྱེལ་བཞིན་ཡ་རབས་སྤྱོད་པའི་མགོ་ཁྲིད་པ་དང་། "
        "གྲོང་ཁྱེར་གཟུགས་བརྙན་གྱི་ཁྱབ་བསྒྲགས་པ། བཟའ་བཏུང་བདེ་འཇགས་ཀྱི་ལྟ་རྟོག་པ། "
        "ཁྲིམས་འགལ་རྗེས་ཤུལ་གྱི་ཆ་འཕྲིན་པ་བཅས་བྱེད་ཀྱི་ཡོད།",
    ),
    (
        "hongqishou",
        "513300",
        "雪域高原上的红骑手",
        "在甘孜州康定市，外卖配送员冒着风雪把热饭送到牧民和游客手中。州市场监管局印制藏汉双语"
        "宣传单，把“红骑手”的故事讲给更多人听。",
        "Red Riders on the snowy plateau",
        "In Kangding, Garzê, riders carry hot meals through snow and wind to herders and "
        "visitors; the prefecture prints Tibetan–Chinese leaflets to tell their story.",
        "གངས་ཅན་མཐོ་སྒང་གི་ཞོན་པ་དམར་པོ།",
        "དཀར་མཛེས་ཁུལ་དར་རྩེ་མདོ་གྲོང་ཁྱེར་དུ། ཟ་མ་སྐྱེལ་མཁན་རྣམས་ཀྱིས་ཁ་བ་དང་རླུང་ལ་མ་འཛེམས་པར་"
        "ཁ་ཟས་དྲོན་མོ་འབྲོག་པ་དང་ཡུལ་སྐོར་བ་རྣམས་ཀྱི་ལག་ཏུ་སྐྱེལ་བཞིན་ཡོད། ཁུལ་གྱི་ཚོང་ར་ལྟ་རྟོག་"
        "དོ་དམ་ཅུས་ཀྱིས་བོད་རྒྱ་སྐད་གཉིས་ཀྱི་ཁྱབ་བསྒྲགས་ཤོག་བུ་པར་དུ་བསྐྲུན་ནས་ཞོན་པ་དམར་པོའི་"
        "གཏམ་རྒྱུད་མི་མང་པོར་བཤད།",
    ),
    (
        "xiaoniuge",
        "510104",
        "牛市口的“先锋车手”",
        "锦江区牛市口街道组织骑手成立“小牛哥·先锋车手”志愿服务队。骑手们在送餐途中随手拍、"
        "随时报，帮助社区发现消防通道堵塞、井盖缺失等隐患，半年上报线索三百余条。",
        "The pioneer riders of Niushikou",
        "Riders of Niushikou formed a volunteer team that reports hazards they see on their "
        "rounds — blocked fire lanes, missing manhole covers — over 300 in half a year.",
        "",
        "",
    ),
    (
        "xiaoniuge",
        "510104",
        "春熙路上的暖心驿站",
        "在春熙路商圈，小牛哥驿站为骑手提供饮水、充电和午休座位。高峰过后，骑手们在这里交流"
        "送餐路线，也交流志愿服务的新点子。",
        "A warm station on Chunxi Road",
        "On Chunxi Road the Xiaoniuge station offers water, charging and a seat at noon; after "
        "the rush riders swap routes and volunteering ideas.",
        "",
        "",
    ),
    (
        "wenxiaoai",
        "510115",
        "一核一廊一圈：广场上的党建驿站",
        "温江区把党建驿站建在广场上：一个服务核心、一条文化长廊、一个十分钟服务圈，骑手歇脚、"
        "学习、参加活动都在这里。",
        "A Party-building station on the square",
        "Wenjiang built its station on a square: a service core, a culture corridor and a "
        "ten-minute service circle where riders rest, learn and meet.",
        "",
        "",
    ),
    (
        "luxiaoqi",
        "510500",
        "爱心商户的一杯凉茶",
        "盛夏时节，合江县的泸小麒暖心商户为外卖骑手送上凉茶。全市100家临街餐馆、药店挂上"
        "“泸小麒”标识，骑手进门就能歇脚、喝水、取急救药品。",
        "A cup of herbal tea from a caring shop",
        "In high summer Hejiang's Luxiaoqi shops hand riders cool herbal tea; 100 shops across "
        "Luzhou let riders rest, drink and take first-aid supplies.",
        "",
        "",
    ),
    (
        "sanjiangqishi",
        "511500",
        "骑手也能贷款安家",
        "宜宾市对缴存半年及以上住房公积金的外卖配送员，最高可享受40万元贴息贷款。三江骑士们"
        "说，在城里有个家，跑单更有奔头。",
        "Riders can borrow for a home",
        "Yibin riders who paid into the housing fund for six months may borrow up to ¥400,000 "
        "with an interest subsidy.",
        "",
        "",
    ),
    (
        "yanduqishou",
        "510300",
        "《奋斗在路上》",
        "自贡录制的“盐都好骑手”形象宣传片《奋斗在路上》被共产党员网采用并展播，讲述骑手在"
        "千年盐都的奋斗故事。",
        "“On the Road of Striving”",
        "Zigong's film about its riders was shown by the national Party-members' website.",
        "",
        "",
    ),
    (
        "fengxingxia",
        "510114",
        "丰行侠宣誓：抵制舌尖上的浪费",
        "新都区“丰行侠”骑手集体宣誓，倡导光盘行动，在送餐时提醒顾客按需点餐，"
        "用积分兑换生活用品和公寓租金抵扣。",
        "Fengxingxia riders pledge against food waste",
        "Xindu's riders pledged to fight food waste and remind customers to order what they "
        "need; their points buy goods and rent.",
        "",
        "",
    ),
]

# The three named roles of the article: (prefecture, distinction, story zh, story en, story bo)
NAMED = [
    (
        "510600",
        "四川省五一劳动奖章获得者",
        "他入行八年，安全行驶三十余万公里，零投诉。他把送餐路上发现的消防隐患、占道经营随手"
        "上报，带动站点二十多名骑手加入志愿服务队，获四川省五一劳动奖章。",
        "Eight years on the road, 300,000 km without an accident or complaint; he reports "
        "hazards on his rounds and brought twenty riders into volunteering. Provincial May-Day "
        "Labour Medal.",
        "",
    ),
    (
        "510100",
        "成都第31届世界大学生运动会火炬传递人",
        "作为骑手代表参加成都大运会火炬传递，他在赛事期间组织骑手志愿服务队，为场馆周边的"
        "观众和志愿者提供指路、送水服务。",
        "A torchbearer of the 31st Summer World University Games in Chengdu, he led riders "
        "volunteering around the venues.",
        "",
    ),
    (
        "511400",
        "眉山跳桥救人的外卖小哥",
        "2023年夏天，他在送餐途中发现有人落水，放下餐箱，毫不犹豫跳下桥将落水者救上岸，"
        "随后又默默赶去送完餐。事后他说：“换了谁都会这么做。”",
        "In summer 2023 he saw someone fall into the river, put down his box, jumped from the "
        "bridge and brought them ashore — then quietly finished his delivery.",
        "༢༠༢༣ལོའི་དབྱར་ཁ། ཁོང་གིས་ཟ་མ་སྐྱེལ་བའི་ལམ་བར་དུ་མི་ཞིག་ཆུ་ནང་ལྷུང་བ་མཐོང་། "
        "ཁོང་གིས་ཟ་སྒམ་བཞག་སྟེ་ཐེ་ཚོམ་མེད་པར་ཟམ་པ་ནས་ཆུ་ནང་མཆོངས་ཏེ་མི་དེ་ཆུ་འགྲམ་དུ་བསྐྱབས། "
        "དེ་ནས་ཁོང་ཅང་མི་སྨྲ་བར་ཟ་མ་སྐྱེལ་དུ་ཕྱིན། ཕྱིས་སུ་ཁོང་གིས་“སུ་ཡིན་ནའང་དེ་ལྟར་བྱེད་"
        "ངེས་རེད།”ཅེས་བཤད།",
    ),
]
NAMED_TITLE_BO = "ཆུ་ནང་མཆོངས་ནས་མི་སྐྱོབ་པའི་ཟ་མ་སྐྱེལ་མཁན།"

DEEDS = [
    "坚持志愿服务，帮助独居老人送药上门",
    "发现燃气泄漏及时报警，避免一起事故",
    "拾金不昧，归还顾客遗失的钱包",
    "暴雨天协助疏导交通",
    "带动站点骑手参加急救培训",
    "主动上报食品安全隐患",
    "为困难骑手组织爱心募捐",
    "疫情期间坚守一线保障配送",
    "文明行驶，连续三年零违章",
    "深夜护送迷路老人回家",
]

# (prefecture, title, url) — linked videos
VIDEOS = [
    ("510300", "“盐都好骑手”形象宣传片《奋斗在路上》", "https://www.12371.cn/"),
    ("511500", "微视频《奔跑人生—看见光，追逐光》", "https://video.example.org/yibin/1"),
    ("511500", "微视频《辛苦了，骑士！》", "https://video.example.org/yibin/2"),
    ("511500", "微视频《三江骑士的一天》", "https://video.example.org/yibin/3"),
    ("511500", "微视频《夜色里的送餐人》", "https://video.example.org/yibin/4"),
    ("511500", "微视频《雨中的承诺》", "https://video.example.org/yibin/5"),
    ("511500", "微视频《骑士有家》", "https://video.example.org/yibin/6"),
]

# (kind, region, where, asset title or "", note)
PLACEMENTS = [
    ("landmark_screen", "510500", "城市地标“酒城乐园摩天轮”", "", "播放红骑手党建视频"),
    ("newspaper", "510000", "《消费质量报》", "", "“个十百千”专题报道"),
    ("e_screen", "510104", "春熙路商圈电子宣传屏", "", "小牛哥先锋车手风采"),
    ("ad_window", "510300", "自贡市区公交站广告橱窗", "", "盐都骑手形象海报"),
    ("online", "510300", "共产党员网", "“盐都好骑手”形象宣传片《奋斗在路上》", "展播"),
    ("e_screen", "511500", "宜宾市区电子宣传屏", "微视频《辛苦了，骑士！》", "线下展播"),
]

HANDBOOKS = [
    ("handbook", "510000", "《红骑手 跟党走》主题活动宣传册"),
    ("compilation", "510000", "全省“小个专”和外卖配送员党建工作汇编"),
]
