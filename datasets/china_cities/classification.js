// Hand-entered classifications used by derive_units.js, each with its source. These are the only inputs of
// the China unit tables that are not read from a package file; SOURCE.md lists them as such.
// Province names follow GB/T 2260; regions follow NBS (footnote [4] of the 7th census communique No. 3,
// 2021).
'use strict';

// Province-level units: GB/T 2260 code -> Chinese name, English name, NBS four-region class.
// NBS (2011) regions: East 10, Central 6, West 12, Northeast 3; HK, Macao and Taiwan belong to none.
const PROVINCES = {
  '110000': ['北京市', 'Beijing', 'East'],
  '120000': ['天津市', 'Tianjin', 'East'],
  '130000': ['河北省', 'Hebei', 'East'],
  '140000': ['山西省', 'Shanxi', 'Central'],
  '150000': ['内蒙古自治区', 'Inner Mongolia', 'West'],
  '210000': ['辽宁省', 'Liaoning', 'Northeast'],
  '220000': ['吉林省', 'Jilin', 'Northeast'],
  '230000': ['黑龙江省', 'Heilongjiang', 'Northeast'],
  '310000': ['上海市', 'Shanghai', 'East'],
  '320000': ['江苏省', 'Jiangsu', 'East'],
  '330000': ['浙江省', 'Zhejiang', 'East'],
  '340000': ['安徽省', 'Anhui', 'Central'],
  '350000': ['福建省', 'Fujian', 'East'],
  '360000': ['江西省', 'Jiangxi', 'Central'],
  '370000': ['山东省', 'Shandong', 'East'],
  '410000': ['河南省', 'Henan', 'Central'],
  '420000': ['湖北省', 'Hubei', 'Central'],
  '430000': ['湖南省', 'Hunan', 'Central'],
  '440000': ['广东省', 'Guangdong', 'East'],
  '450000': ['广西壮族自治区', 'Guangxi', 'West'],
  '460000': ['海南省', 'Hainan', 'East'],
  '500000': ['重庆市', 'Chongqing', 'West'],
  '510000': ['四川省', 'Sichuan', 'West'],
  '520000': ['贵州省', 'Guizhou', 'West'],
  '530000': ['云南省', 'Yunnan', 'West'],
  '540000': ['西藏自治区', 'Tibet (Xizang)', 'West'],
  '610000': ['陕西省', 'Shaanxi', 'West'],
  '620000': ['甘肃省', 'Gansu', 'West'],
  '630000': ['青海省', 'Qinghai', 'West'],
  '640000': ['宁夏回族自治区', 'Ningxia', 'West'],
  '650000': ['新疆维吾尔自治区', 'Xinjiang', 'West'],
  '710000': ['台湾省', 'Taiwan', ''],
  '810000': ['香港特别行政区', 'Hong Kong', ''],
  '820000': ['澳门特别行政区', 'Macao', ''],
};

const PROVINCE_NAMES = Object.fromEntries(Object.entries(PROVINCES).map(([code, entry]) => [code, entry[0]]));

// The four municipalities are single units of the ECharts city layer, coded as their province.
const MUNICIPALITY_CODES = new Set(['110000', '120000', '310000', '500000']);
const OUTSIDE_MAINLAND_CODES = new Set(['710000', '810000', '820000']);

// The 27 provincial capitals all carry the prefecture code xx0100 in GB/T 2260 (石家庄 130100 ... 乌鲁木齐
// 650100); derive_units.js asserts that each one exists and that its ECharts seat longitude equals the
// longitude of the province label point in ECharts china.json, an independent check of this rule.
function capitalCodeOf(provinceCode) {
  return MUNICIPALITY_CODES.has(provinceCode) ? provinceCode : `${provinceCode.slice(0, 2)}0100`;
}

// The 15 sub-provincial cities (副省级市) as fixed since 1997 (Chongqing left the list on becoming a
// municipality): 10 provincial capitals and the 5 separately planned cities (Dalian, Qingdao, Ningbo, Xiamen,
// Shenzhen). Standard list, entered by hand.
const SUB_PROVINCIAL_CODES = new Set([
  '210100',
  '210200',
  '220100',
  '230100',
  '320100',
  '330100',
  '330200',
  '350200',
  '370100',
  '370200',
  '420100',
  '440100',
  '440300',
  '510100',
  '610100',
]);

// Danzhou became a prefecture-level city in 2015 (GB/T 2260 code 460400); ECharts still codes it 469003.
const PROMOTED_TO_PREFECTURE = {
  '469003': '460400'
};

// pinyin-pro reads these place names with the wrong reading of a polyphonic character.
const PINYIN_OVERRIDES = {
  '喀什': ['ka', 'shi'],
  '昌都': ['chang', 'du'],
};

// Generic suffixes dropped before romanising a short name (兴安盟 -> Xing'an, 定安县 -> Ding'an).
const ROMANISATION_SUFFIX = /(盟|县|地区|林区)$/;

module.exports = {
  PROVINCES,
  PROVINCE_NAMES,
  MUNICIPALITY_CODES,
  OUTSIDE_MAINLAND_CODES,
  capitalCodeOf,
  SUB_PROVINCIAL_CODES,
  PROMOTED_TO_PREFECTURE,
  PINYIN_OVERRIDES,
  ROMANISATION_SUFFIX,
};
