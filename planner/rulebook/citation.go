package rulebook

import (
	"fmt"
	"strings"
)

// Citation points at the provision of a legal text that states a rule: an article (条),
// optionally one paragraph (款) of it and one enumerated item (项).
type Citation struct {
	// Article is the 条 number, from 1.
	Article int
	// Paragraph is the 款 number, or 0 when the article is cited whole.
	Paragraph int
	// Item is the 项 number, or 0 when no item is cited.
	Item int
}

// IsZero reports whether no article is cited.
func (c Citation) IsZero() bool { return c.Article == 0 }

// ArticleText is the article and paragraph in Chinese legal form, e.g. 第十三条第二款.
func (c Citation) ArticleText() string {
	if c.IsZero() {
		return ""
	}
	s := "第" + chineseNumber(c.Article) + "条"
	if c.Paragraph > 0 {
		s += "第" + chineseNumber(c.Paragraph) + "款"
	}
	return s
}

// ItemText is the item in Chinese legal form, e.g. 第（四）项, or "" when none is cited.
func (c Citation) ItemText() string {
	if c.Item == 0 {
		return ""
	}
	return "第（" + chineseNumber(c.Item) + "）项"
}

// String is the whole citation in Chinese legal form, e.g. 第十七条第（四）项.
func (c Citation) String() string { return c.ArticleText() + c.ItemText() }

// English is the citation in English form, e.g. "Art. 13(2) item 4".
func (c Citation) English() string {
	if c.IsZero() {
		return ""
	}
	s := fmt.Sprintf("Art. %d", c.Article)
	if c.Paragraph > 0 {
		s += fmt.Sprintf("(%d)", c.Paragraph)
	}
	if c.Item > 0 {
		s += fmt.Sprintf(" item %d", c.Item)
	}
	return s
}

// chineseNumber writes 1 to 999 the way article numbers are written (十三, 二十四, 一百零五).
func chineseNumber(n int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	if n <= 0 || n >= 1000 {
		return fmt.Sprint(n)
	}
	var b strings.Builder
	h, t, u := n/100, n/10%10, n%10
	if h > 0 {
		b.WriteString(digits[h] + "百")
		if t == 0 && u > 0 {
			b.WriteString("零")
		}
	}
	if t > 0 {
		if t > 1 || h > 0 {
			b.WriteString(digits[t])
		}
		b.WriteString("十")
	}
	if u > 0 {
		b.WriteString(digits[u])
	}
	return b.String()
}
