package rulebook_test

import (
	"fmt"
	"testing"

	"cctvgis/planner/rulebook"
)

func ExampleCitation() {
	c := rulebook.Citation{Article: 14, Paragraph: 1, Item: 7}
	fmt.Println(c)
	fmt.Println(c.ArticleText(), c.ItemText())
	fmt.Println(c.English())
	// Output:
	// 第十四条第一款第（七）项
	// 第十四条第一款 第（七）项
	// Art. 14(1) item 7
}

func TestCitationNumerals(t *testing.T) {
	tests := []struct {
		name string
		c    rulebook.Citation
		want string
	}{
		{"single digit", rulebook.Citation{Article: 8}, "第八条"},
		{"ten", rulebook.Citation{Article: 10}, "第十条"},
		{"teens", rulebook.Citation{Article: 13, Paragraph: 2}, "第十三条第二款"},
		{"round tens", rulebook.Citation{Article: 20}, "第二十条"},
		{"twenties", rulebook.Citation{Article: 24}, "第二十四条"},
		{"hundred with zero", rulebook.Citation{Article: 105}, "第一百零五条"},
		{"hundred and ten", rulebook.Citation{Article: 110}, "第一百一十条"},
		{"item eleven", rulebook.Citation{Article: 7, Item: 11}, "第七条第（十一）项"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.c.String(); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in string
		ok bool
	}{
		{"2024-02-29", true},
		{"2023-02-29", false},
		{"2023-02-30", false},
		{"2023-13-01", false},
		{"2023-1-1", false},
		{"", false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			_, err := rulebook.ParseDate(tc.in)
			if (err == nil) != tc.ok {
				t.Errorf("ParseDate(%q) error = %v, want ok=%v", tc.in, err, tc.ok)
			}
		})
	}
}
