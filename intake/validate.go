package intake

import (
	"fmt"

	"dbzx/config"
)

// text returns a field's canonical value, or what was typed when it does
// not parse; "" for a field not found or left blank.
func (r *Return) text(id string) string {
	v := r.Value(id)
	if v == nil {
		return ""
	}
	if v.Norm != "" {
		return v.Norm
	}
	return v.Raw
}

// Check returns the findings on a return: values that do not parse as
// their field's type, and what extraction noticed about the file.
func Check(r *Return, cfg *config.Config) []Finding {
	var out []Finding
	formName := r.Code + r.Form.ShortTitle
	for _, w := range r.Warnings {
		out = append(out, Finding{Rule: "form-version", Severity: SeverityWarning,
			Message: fmt.Sprintf("%s：%s", formName, w)})
	}
	for _, v := range r.Values {
		if v.Problem != "" {
			out = append(out, Finding{Rule: "type", Severity: SeverityError, Field: v.Field, Label: v.Label,
				Message: fmt.Sprintf("%s「%s」填写为“%s”，%s", formName, v.Label, v.Raw, v.Problem)})
		}
	}
	for _, t := range r.Tables {
		for i, row := range t.Rows {
			for _, v := range row {
				if v.Problem != "" {
					out = append(out, Finding{Rule: "type", Severity: SeverityError, Field: t.Field + "." + v.Field,
						Label:   t.Label + "·" + v.Label,
						Message: fmt.Sprintf("%s「%s」第%d行「%s」填写为“%s”，%s", formName, t.Label, i+1, v.Label, v.Raw, v.Problem)})
				}
			}
		}
	}
	return out
}

// reindex rebuilds the by-id index of a Return read back from JSON.
func (r *Return) reindex() {
	r.byID = make(map[string]*Value, len(r.Values))
	for _, v := range r.Values {
		r.byID[v.Field] = v
	}
}
