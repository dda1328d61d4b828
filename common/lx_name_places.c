/*  lx_name_places: the places lx_name removes from the start of a company
    name. Part of the lx_name class (lx_name_int.h): data only.

    Source: GB/T 2260 (中华人民共和国行政区划代码) as the Ministry of Civil
    Affairs keeps it current (民政部, 县以上行政区划代码, 2023): the 34
    province-level divisions and the 333 prefecture-level divisions (293
    prefecture-level cities, 7 地区, 30 自治州, 3 盟), written out here by
    hand (the build has no network) and counted by the selftest, province
    by province in code order. Then the county-level divisions of Quzhou
    and 义乌 (the register's own city and its most frequent neighbour),
    中国, and the informal and former regional names a district writes
    before a name (闽东, 浙西, 苏南 ...), which are no division at all.

    Administrative names of county level and above cannot be a trade name
    (字号) by the company registration rules (企业名称登记管理规定 2020,
    art. 8), so one at the start of a name is a place, removed while two
    characters remain. An informal regional name can be a trade name
    (皖南电机), so it is removed only when a trade name and an industry,
    four characters, remain. The big regions (华东, 华北, 西南, 东北 ...)
    and the old names of provinces (齐鲁, 中原, 燕赵 ...) are left out:
    they are the trade names of many large companies (华东医药, 华北制药,
    齐鲁制药, 中原证券).
*/

#include "lx_name_int.h"

//  A province-level division: 省, or 市 (the four municipalities), or
//  自治区, or 特别行政区.
#define P(name) { name, NULL, LX_NAME_PROVINCE }
//  An autonomous region whose full name holds its people's name.
#define PF(name, full) { name, full, LX_NAME_PROVINCE }
//  A prefecture-level city: 市.
#define C(name) { name, NULL, LX_NAME_CITY }
//  A prefecture (地区).
#define D(name) { name, NULL, LX_NAME_PREFECTURE }
//  A league (盟).
#define M(name) { name, NULL, LX_NAME_LEAGUE }
//  An autonomous prefecture: its short name, with 自治州 or 州, or its full name.
#define A(name, full) { name, full, LX_NAME_AUTONOMOUS }
//  A county-level division: 市, 区 or 县.
#define X(name) { name, NULL, LX_NAME_COUNTY }
//  An informal or former regional name: no suffix.
#define R(name) { name, NULL, LX_NAME_REGION }

const lx_name_place_t lx_name_places [] = {
    //  The 34 province-level divisions (GB/T 2260 codes 11..82).
    P ("北京"), P ("天津"), P ("河北"), P ("山西"), P ("内蒙古"),
    P ("辽宁"), P ("吉林"), P ("黑龙江"),
    P ("上海"), P ("江苏"), P ("浙江"), P ("安徽"), P ("福建"), P ("江西"), P ("山东"),
    P ("河南"), P ("湖北"), P ("湖南"), P ("广东"), PF ("广西", "广西壮族自治区"), P ("海南"),
    P ("重庆"), P ("四川"), P ("贵州"), P ("云南"), P ("西藏"),
    P ("陕西"), P ("甘肃"), P ("青海"), PF ("宁夏", "宁夏回族自治区"), PF ("新疆", "新疆维吾尔自治区"),
    P ("台湾"), P ("香港"), P ("澳门"),

    //  The 333 prefecture-level divisions, by province.
    //  河北 13: 11
    C ("石家庄"), C ("唐山"), C ("秦皇岛"), C ("邯郸"), C ("邢台"), C ("保定"), C ("张家口"),
    C ("承德"), C ("沧州"), C ("廊坊"), C ("衡水"),
    //  山西 14: 11
    C ("太原"), C ("大同"), C ("阳泉"), C ("长治"), C ("晋城"), C ("朔州"), C ("晋中"), C ("运城"),
    C ("忻州"), C ("临汾"), C ("吕梁"),
    //  内蒙古 15: 9 cities, 3 leagues
    C ("呼和浩特"), C ("包头"), C ("乌海"), C ("赤峰"), C ("通辽"), C ("鄂尔多斯"), C ("呼伦贝尔"),
    C ("巴彦淖尔"), C ("乌兰察布"), M ("兴安"), M ("锡林郭勒"), M ("阿拉善"),
    //  辽宁 21: 14
    C ("沈阳"), C ("大连"), C ("鞍山"), C ("抚顺"), C ("本溪"), C ("丹东"), C ("锦州"), C ("营口"),
    C ("阜新"), C ("辽阳"), C ("盘锦"), C ("铁岭"), C ("朝阳"), C ("葫芦岛"),
    //  吉林 22: 8 cities, 1 autonomous prefecture
    C ("长春"), C ("吉林"), C ("四平"), C ("辽源"), C ("通化"), C ("白山"), C ("松原"), C ("白城"),
    A ("延边", "延边朝鲜族自治州"),
    //  黑龙江 23: 12 cities, 1 prefecture
    C ("哈尔滨"), C ("齐齐哈尔"), C ("鸡西"), C ("鹤岗"), C ("双鸭山"), C ("大庆"), C ("伊春"),
    C ("佳木斯"), C ("七台河"), C ("牡丹江"), C ("黑河"), C ("绥化"), D ("大兴安岭"),
    //  江苏 32: 13
    C ("南京"), C ("无锡"), C ("徐州"), C ("常州"), C ("苏州"), C ("南通"), C ("连云港"), C ("淮安"),
    C ("盐城"), C ("扬州"), C ("镇江"), C ("泰州"), C ("宿迁"),
    //  浙江 33: 11
    C ("杭州"), C ("宁波"), C ("温州"), C ("嘉兴"), C ("湖州"), C ("绍兴"), C ("金华"), C ("衢州"),
    C ("舟山"), C ("台州"), C ("丽水"),
    //  安徽 34: 16
    C ("合肥"), C ("芜湖"), C ("蚌埠"), C ("淮南"), C ("马鞍山"), C ("淮北"), C ("铜陵"), C ("安庆"),
    C ("黄山"), C ("滁州"), C ("阜阳"), C ("宿州"), C ("六安"), C ("亳州"), C ("池州"), C ("宣城"),
    //  福建 35: 9
    C ("福州"), C ("厦门"), C ("莆田"), C ("三明"), C ("泉州"), C ("漳州"), C ("南平"), C ("龙岩"),
    C ("宁德"),
    //  江西 36: 11
    C ("南昌"), C ("景德镇"), C ("萍乡"), C ("九江"), C ("新余"), C ("鹰潭"), C ("赣州"), C ("吉安"),
    C ("宜春"), C ("抚州"), C ("上饶"),
    //  山东 37: 16
    C ("济南"), C ("青岛"), C ("淄博"), C ("枣庄"), C ("东营"), C ("烟台"), C ("潍坊"), C ("济宁"),
    C ("泰安"), C ("威海"), C ("日照"), C ("临沂"), C ("德州"), C ("聊城"), C ("滨州"), C ("菏泽"),
    //  河南 41: 17
    C ("郑州"), C ("开封"), C ("洛阳"), C ("平顶山"), C ("安阳"), C ("鹤壁"), C ("新乡"), C ("焦作"),
    C ("濮阳"), C ("许昌"), C ("漯河"), C ("三门峡"), C ("南阳"), C ("商丘"), C ("信阳"), C ("周口"),
    C ("驻马店"),
    //  湖北 42: 12 cities, 1 autonomous prefecture
    C ("武汉"), C ("黄石"), C ("十堰"), C ("宜昌"), C ("襄阳"), C ("鄂州"), C ("荆门"), C ("孝感"),
    C ("荆州"), C ("黄冈"), C ("咸宁"), C ("随州"), A ("恩施", "恩施土家族苗族自治州"),
    //  湖南 43: 13 cities, 1 autonomous prefecture
    C ("长沙"), C ("株洲"), C ("湘潭"), C ("衡阳"), C ("邵阳"), C ("岳阳"), C ("常德"), C ("张家界"),
    C ("益阳"), C ("郴州"), C ("永州"), C ("怀化"), C ("娄底"), A ("湘西", "湘西土家族苗族自治州"),
    //  广东 44: 21
    C ("广州"), C ("韶关"), C ("深圳"), C ("珠海"), C ("汕头"), C ("佛山"), C ("江门"), C ("湛江"),
    C ("茂名"), C ("肇庆"), C ("惠州"), C ("梅州"), C ("汕尾"), C ("河源"), C ("阳江"), C ("清远"),
    C ("东莞"), C ("中山"), C ("潮州"), C ("揭阳"), C ("云浮"),
    //  广西 45: 14
    C ("南宁"), C ("柳州"), C ("桂林"), C ("梧州"), C ("北海"), C ("防城港"), C ("钦州"), C ("贵港"),
    C ("玉林"), C ("百色"), C ("贺州"), C ("河池"), C ("来宾"), C ("崇左"),
    //  海南 46: 4
    C ("海口"), C ("三亚"), C ("三沙"), C ("儋州"),
    //  四川 51: 18 cities, 3 autonomous prefectures
    C ("成都"), C ("自贡"), C ("攀枝花"), C ("泸州"), C ("德阳"), C ("绵阳"), C ("广元"), C ("遂宁"),
    C ("内江"), C ("乐山"), C ("南充"), C ("眉山"), C ("宜宾"), C ("广安"), C ("达州"), C ("雅安"),
    C ("巴中"), C ("资阳"), A ("阿坝", "阿坝藏族羌族自治州"), A ("甘孜", "甘孜藏族自治州"),
    A ("凉山", "凉山彝族自治州"),
    //  贵州 52: 6 cities, 3 autonomous prefectures
    C ("贵阳"), C ("六盘水"), C ("遵义"), C ("安顺"), C ("毕节"), C ("铜仁"),
    A ("黔西南", "黔西南布依族苗族自治州"), A ("黔东南", "黔东南苗族侗族自治州"),
    A ("黔南", "黔南布依族苗族自治州"),
    //  云南 53: 8 cities, 8 autonomous prefectures
    C ("昆明"), C ("曲靖"), C ("玉溪"), C ("保山"), C ("昭通"), C ("丽江"), C ("普洱"), C ("临沧"),
    A ("楚雄", "楚雄彝族自治州"), A ("红河", "红河哈尼族彝族自治州"), A ("文山", "文山壮族苗族自治州"),
    A ("西双版纳", "西双版纳傣族自治州"), A ("大理", "大理白族自治州"), A ("德宏", "德宏傣族景颇族自治州"),
    A ("怒江", "怒江傈僳族自治州"), A ("迪庆", "迪庆藏族自治州"),
    //  西藏 54: 6 cities, 1 prefecture
    C ("拉萨"), C ("日喀则"), C ("昌都"), C ("林芝"), C ("山南"), C ("那曲"), D ("阿里"),
    //  陕西 61: 10
    C ("西安"), C ("铜川"), C ("宝鸡"), C ("咸阳"), C ("渭南"), C ("延安"), C ("汉中"), C ("榆林"),
    C ("安康"), C ("商洛"),
    //  甘肃 62: 12 cities, 2 autonomous prefectures
    C ("兰州"), C ("嘉峪关"), C ("金昌"), C ("白银"), C ("天水"), C ("武威"), C ("张掖"), C ("平凉"),
    C ("酒泉"), C ("庆阳"), C ("定西"), C ("陇南"), A ("临夏", "临夏回族自治州"), A ("甘南", "甘南藏族自治州"),
    //  青海 63: 2 cities, 6 autonomous prefectures
    C ("西宁"), C ("海东"), A ("海北", "海北藏族自治州"), A ("黄南", "黄南藏族自治州"),
    A ("海南", "海南藏族自治州"), A ("果洛", "果洛藏族自治州"), A ("玉树", "玉树藏族自治州"),
    A ("海西", "海西蒙古族藏族自治州"),
    //  宁夏 64: 5
    C ("银川"), C ("石嘴山"), C ("吴忠"), C ("固原"), C ("中卫"),
    //  新疆 65: 4 cities, 5 prefectures, 5 autonomous prefectures
    C ("乌鲁木齐"), C ("克拉玛依"), C ("吐鲁番"), C ("哈密"), A ("昌吉", "昌吉回族自治州"),
    A ("博尔塔拉", "博尔塔拉蒙古自治州"), A ("巴音郭楞", "巴音郭楞蒙古自治州"),
    A ("克孜勒苏", "克孜勒苏柯尔克孜自治州"), A ("伊犁", "伊犁哈萨克自治州"),
    D ("阿克苏"), D ("喀什"), D ("和田"), D ("塔城"), D ("阿勒泰"),

    //  Quzhou's county-level divisions, and 义乌.
    X ("柯城"), X ("衢江"), X ("龙游"), X ("江山"), X ("常山"), X ("开化"), X ("义乌"),

    { "中国", NULL, LX_NAME_COUNTRY },

    //  Informal regions a district writes before a name: parts of a
    //  province (闽东 is 宁德 and 福州, 浙西 衢州 and 湖州 ...), groups of
    //  cities, and former prefecture-level names (襄樊 is 襄阳 since 2010,
    //  思茅 普洱 since 2007, 巢湖 and 莱芜 merged in 2011 and 2019, 徽州
    //  黄山 since 1987, the former leagues of 内蒙古).
    R ("闽东"), R ("闽西"), R ("闽南"), R ("闽北"), R ("闽中"),
    R ("浙东"), R ("浙西"), R ("浙南"), R ("浙北"), R ("浙中"),
    R ("苏南"), R ("苏北"), R ("苏中"), R ("皖南"), R ("皖北"), R ("皖中"), R ("皖西"), R ("皖江"),
    R ("赣南"), R ("赣北"), R ("赣西"), R ("赣东北"), R ("鲁南"), R ("鲁西"), R ("鲁北"), R ("鲁中"),
    R ("胶东"), R ("豫东"), R ("豫西"), R ("豫南"), R ("豫北"), R ("鄂东"), R ("鄂西"), R ("鄂北"),
    R ("湘南"), R ("湘中"), R ("粤东"), R ("粤西"), R ("粤北"), R ("桂东"), R ("桂西"), R ("桂南"),
    R ("桂北"), R ("川东"), R ("川西"), R ("川南"), R ("川北"), R ("黔北"), R ("黔中"), R ("滇西"),
    R ("滇南"), R ("滇中"), R ("陕北"), R ("陕南"), R ("关中"), R ("晋南"), R ("晋北"), R ("晋东南"),
    R ("冀东"), R ("冀南"), R ("冀中"), R ("辽东"), R ("辽西"), R ("辽南"), R ("蒙东"), R ("蒙西"),
    R ("陇东"), R ("陇中"), R ("南疆"), R ("北疆"), R ("东疆"), R ("琼北"), R ("琼南"),
    R ("渝东北"), R ("渝东南"), R ("渝西"), R ("苏锡常"), R ("杭嘉湖"), R ("宁绍"), R ("金衢"),
    R ("长三角"), R ("珠三角"), R ("京津冀"), R ("粤港澳"),
    R ("襄樊"), R ("思茅"), R ("巢湖"), R ("莱芜"), R ("徽州"),
};

const size_t lx_name_place_count = sizeof lx_name_places / sizeof lx_name_places [0];
