package devicecode_test

import (
	"errors"
	"testing"

	"cctvgis/internal/fault"
	"cctvgis/planner/devicecode"
)

func TestDivision(t *testing.T) {
	tests := []struct {
		name   string
		code   string
		path   string
		county string
		level  devicecode.Level
	}{
		{name: "a municipality", code: "110000", path: "北京市", level: devicecode.LevelProvince},
		{name: "a municipality's district", code: "110105", path: "北京市 朝阳区", county: "朝阳区", level: devicecode.LevelCounty},
		{name: "a prefecture-level city", code: "340200", path: "安徽省 芜湖市", level: devicecode.LevelCity},
		{name: "a city's district", code: "330106", path: "浙江省 杭州市 西湖区", county: "西湖区", level: devicecode.LevelCounty},
		{name: "a district made in 2021", code: "330114", path: "浙江省 杭州市 钱塘区", county: "钱塘区", level: devicecode.LevelCounty},
		{name: "a county-level city", code: "340281", path: "安徽省 芜湖市 无为市", county: "无为市", level: devicecode.LevelCounty},
		{name: "a county a province administers directly", code: "429004", path: "湖北省 仙桃市", county: "仙桃市", level: devicecode.LevelCounty},
		{name: "an autonomous region's banner", code: "152527", path: "内蒙古自治区 锡林郭勒盟 太仆寺旗", county: "太仆寺旗", level: devicecode.LevelCounty},
		{name: "a city with no counties", code: "441900", path: "广东省 东莞市", level: devicecode.LevelCity},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := devicecode.Division(tt.code)
			if err != nil {
				t.Fatal(err)
			}
			if got := p.String(); got != tt.path {
				t.Errorf("Division(%s) = %q, want %q", tt.code, got, tt.path)
			}
			if got := p.County(); got != tt.county {
				t.Errorf("County() = %q, want %q", got, tt.county)
			}
			last := p[len(p)-1]
			if last.Code != tt.code || last.Level != tt.level {
				t.Errorf("last place = %+v, want code %s at level %d", last, tt.code, tt.level)
			}
		})
	}
}

func TestDivisionUnknown(t *testing.T) {
	tests := []struct {
		name string
		code string
	}{
		{name: "a district abolished in 2021", code: "330104"},
		{name: "a development zone's statistical code", code: "130171"},
		{name: "a municipality's placeholder city", code: "110100"},
		{name: "no such province", code: "990000"},
		{name: "too short", code: "11"},
		{name: "empty", code: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := devicecode.Division(tt.code)
			if !errors.Is(err, devicecode.ErrNoDivision) || !errors.Is(err, fault.NotFound) {
				t.Errorf("Division(%q) = %v, %v; want ErrNoDivision", tt.code, p, err)
			}
		})
	}
}
