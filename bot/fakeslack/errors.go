package fakeslack

// Error is a Slack error code returned by the human actors, e.g.
// "already_reacted" or "message_not_found".
type Error string

func (e Error) Error() string { return string(e) }

// Errors the actors return.
const (
	ErrChannelNotFound = Error("channel_not_found")
	ErrMessageNotFound = Error("message_not_found")
	ErrUserNotFound    = Error("user_not_found")
	ErrAlreadyReacted  = Error("already_reacted")
	ErrNoReaction      = Error("no_reaction")
	ErrActionNotFound  = Error("action_not_found")
	ErrViewNotFound    = Error("view_not_found")
	ErrOptionNotFound  = Error("option_not_found")
)
