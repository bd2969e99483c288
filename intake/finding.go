package intake

// Severity of a finding.
type Severity = string

// Severities: an error keeps the application from review as it is; a
// warning is for the committee to look at; info is for the record.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityInfo    Severity = "info"
)

// Finding is one thing wrong with, or worth noting about, an application.
// Findings are data: rules return them, the register stores them, the
// reports print them. Message is complete Chinese naming the form, the
// field's label, what was found and what is expected.
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	Field    string   `json:"field,omitempty"`
	Label    string   `json:"label,omitempty"`
	Message  string   `json:"message"`
}
