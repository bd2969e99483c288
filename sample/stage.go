package sample

import (
	"fmt"
	"strconv"
	"time"

	"dbzx/config"
	"dbzx/render"
	"dbzx/templates"
)

// StageFill is how a unit fills in the stage form dbzx wrote for its
// construction object.
type StageFill struct {
	Date   time.Time      // 填报日期
	Months []config.Month // the months with a publicity post
	Spent  int64          // 元 spent, in one expense
}

// FillStage fills an object's stage form as its unit would: what dbzx
// prefilled (pre) kept, every seeded row answered (完成情况, 自评 at full
// points), the other fields from the sample, the publicity and the
// spending as f says.
func (g *Generator) FillStage(form *templates.Form, pre *render.Values, f StageFill) *render.Values {
	v := CloneValues(g.Return(form, 1).Values)
	for id, text := range pre.Text {
		v.Text[id] = text
	}
	for id, d := range pre.Dates {
		v.Dates[id] = d
	}
	done := f.Date.AddDate(0, -1, 0)
	for id, rows := range pre.Rows {
		fd := form.Field(id)
		if len(rows) == 0 || fd == nil {
			continue
		}
		src := v.Rows[id]
		var filled []map[string]string
		for i, r := range rows {
			row := map[string]string{}
			for _, c := range fd.Columns {
				switch {
				case r[c.ID] != "":
					row[c.ID] = r[c.ID]
				case c.ReadOnly:
				case len(src) > 0:
					row[c.ID] = src[i%len(src)][c.ID]
				}
			}
			if st := fd.Column("status"); st != nil {
				row["status"] = st.Choices[0]
				row["done_month"] = fmt.Sprintf("%d年%d月", done.Year(), int(done.Month()))
				row["note"], row["actual"] = "按计划完成", "按计划完成，成果已形成"
			}
			if id == "self_assessment" {
				row["score"], row["basis"] = r["points"], "对照指标逐项落实"
			}
			filled = append(filled, row)
		}
		v.Rows[id] = filled
	}
	total := 0
	for _, r := range v.Rows["self_assessment"] {
		n, _ := strconv.Atoi(r["score"])
		total += n
	}
	v.Text["self_total"] = strconv.Itoa(total)
	v.Text["cover_date"], v.Dates["cover_date"] = fmt.Sprintf("%d年%d月%d日", f.Date.Year(), int(f.Date.Month()), f.Date.Day()), f.Date.Format("2006-01-02")
	v.Rows["publicity"] = nil
	for i, m := range f.Months {
		v.Rows["publicity"] = append(v.Rows["publicity"], map[string]string{"month": m.Chinese(), "platform": "部门微信公众号",
			"title": "建设动态（" + m.Chinese() + "）", "link": fmt.Sprintf("https://mp.weixin.qq.com/s/dbzx-%d-%02d-%d", m.Year, int(m.Month), i)})
	}
	spent := strconv.FormatInt(f.Spent, 10)
	for _, id := range []string{"expenses", "final_expenses"} {
		if form.Field(id) == nil {
			continue
		}
		row := map[string]string{"date": fmt.Sprintf("%d年%d月2日", done.Year(), int(done.Month())), "item": "学习资料与宣传展示",
			"kind": "宣传展示", "amount": spent, "actual": spent}
		if rows := v.Rows[id]; id == "final_expenses" && len(rows) > 0 && rows[0]["item"] != "" {
			row["item"] = rows[0]["item"]
		}
		v.Rows[id] = []map[string]string{row}
	}
	for _, id := range []string{"spent_total", "final_total"} {
		if form.Field(id) != nil {
			v.Text[id] = spent
		}
	}
	delete(v.Text, "balance")
	for _, fd := range form.Fields() {
		if fd.Type == templates.Checkbox && fd.Required {
			v.Checked[fd.ID] = true
		}
	}
	return v
}

// Months lists the months from start through end.
func Months(start, end config.Month) []config.Month {
	var out []config.Month
	for m := time.Date(start.Year, start.Month, 1, 0, 0, 0, 0, time.UTC); !m.After(time.Date(end.Year, end.Month, 1, 0, 0, 0, 0, time.UTC)); m = m.AddDate(0, 1, 0) {
		out = append(out, config.Month{Year: m.Year(), Month: m.Month()})
	}
	return out
}
