package table

import (
	"strings"

	"cctvgis/planner/coverage"
)

// commonHeaders are the headers a bureau's tables commonly give each field under, in the
// order they are tried: the names of the national video-network registries (GB/T 28181
// device lists, the 视频图像信息系统 ledgers of the local regulations), of GIS exports
// and of English tables. layerHeaders replace them for a field whose meaning a layer
// narrows.
var commonHeaders = map[string][]string{
	"id":           {"编号", "设备编码", "国标编码", "国标编号", "设备编号", "点位编号", "编码", "代码", "摄像机编号", "监控点编号", "点位编码", "code", "deviceid", "gbcode"},
	"name":         {"名称", "点位名称", "场所名称", "单位名称", "站点名称", "name"},
	"category":     {"类别", "场所类别", "场所类型", "单位类别", "类型", "type"},
	"district":     {"所属辖区", "辖区", "所属区县", "区县", "行政区", "行政区划", "所属区域"},
	"site_id":      {"场所编号", "所属场所", "场所id", "siteid"},
	"kind":         {"出入口类型", "类型", "type"},
	"azimuth":      {"方向", "朝向", "方位角", "方向角", "镜头朝向", "拍摄方向", "bearing", "heading"},
	"hfov":         {"视角", "水平视角", "视场角", "水平视场角", "可视角度", "fov", "angle"},
	"range":        {"监控距离", "可视距离", "监视距离", "有效距离", "拍摄距离", "覆盖半径", "监控半径", "距离", "distance"},
	"height":       {"安装高度", "高度", "架设高度", "mountheight"},
	"owner":        {"建设单位", "权属单位", "所属单位", "管理单位", "使用单位", "产权单位", "operator"},
	"investment":   {"投资性质", "投资类型", "建设性质", "投资主体", "资金来源", "funding"},
	"status":       {"状态", "设备状态", "运行状态", "在线状态"},
	"direction":    {"方向状态"},
	"surveillance": {"监控类型", "surveillancetype"},
	"mount":        {"安装方式", "立杆类型", "camera:mount"},
	"level":        {"层", "楼层", "layer"},
	"class":        {"道路等级", "等级", "道路类别", "highway"},
	"space":        {"场所类型", "空间类型", "类型", "type"},
	fieldLon:       {"经度", "东经", "gps经度", "longitude", "lng", "long", "x", "x坐标", "横坐标", "东坐标", "easting", "pointx"},
	fieldLat:       {"纬度", "北纬", "gps纬度", "latitude", "y", "y坐标", "纵坐标", "北坐标", "northing", "pointy"},
}

// layerHeaders are the headers of fields whose meaning their layer narrows: a district's
// name is its 区县 name, a road's name its 道路名称.
var layerHeaders = map[string]map[string][]string{
	coverage.LayerDistricts: {"name": {"名称", "区县", "区县名称", "辖区", "行政区", "区划名称", "区名", "县区", "name", "dist_name"}},
	coverage.LayerRoads:     {"name": {"道路名称", "路名", "名称", "name"}},
	coverage.LayerOccluders: {"height": {"建筑高度", "高度", "楼高", "height"}},
}

// headers returns the common headers of field in layer.
func headers(layer, field string) []string {
	if h, ok := layerHeaders[layer][field]; ok {
		return h
	}
	return commonHeaders[field]
}

// valueAliases are the words registries use for the values of a field, by field: the
// investment column says 政府 or 社会.
var valueAliases = map[string]map[string]string{
	"investment": {
		"政府": string(coverage.Government), "政府投资": string(coverage.Government), "财政": string(coverage.Government),
		"财政投资": string(coverage.Government), "公安": string(coverage.Government), "公安投资": string(coverage.Government),
		"政府投资建设": string(coverage.Government), "gov": string(coverage.Government), "public": string(coverage.Government),
		"社会": string(coverage.Private), "社会投资": string(coverage.Private), "社会资源": string(coverage.Private),
		"企业": string(coverage.Private), "企业自建": string(coverage.Private), "自建": string(coverage.Private),
		"单位自建": string(coverage.Private), "非政府": string(coverage.Private), "社会投资建设": string(coverage.Private),
		"social": string(coverage.Private), "non-government": string(coverage.Private),
		"未知": string(coverage.InvestmentUnknown), "不详": string(coverage.InvestmentUnknown),
	},
}

// valueAlias returns the value v of field stands for, when it is an alias.
func valueAlias(field, v string) (string, bool) {
	t, ok := valueAliases[field][strings.ToLower(v)]
	return t, ok
}
