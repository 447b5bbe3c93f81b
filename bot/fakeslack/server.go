package fakeslack

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Options configures a Server. Zero values get sensible defaults.
type Options struct {
	// Now is the server's clock, used for message timestamps and trigger
	// expiry. Default time.Now.
	Now func() time.Time
	// BotUserID, BotID and TeamID identify the installed app. Defaults
	// UBOT, BBOT and T0FAKE.
	BotUserID, BotID, TeamID string
	// AckTimeout is how long Socket Mode waits for an ack before
	// redelivering an envelope (at most three retries, like Slack).
	// Zero means the default of 3 s; a negative value disables redelivery.
	AckTimeout time.Duration
	// ActTimeout bounds how long the human actors (React, ClickButton, ...)
	// wait for the app's ack when their context has no deadline. Default 5 s.
	ActTimeout time.Duration
	// PingInterval is how often the server pings Socket Mode clients.
	// Default 10 s (slack-go expects one within 30 s).
	PingInterval time.Duration
	// BlockKitSchema is an optional path to a JSON schema (draft 2020-12)
	// every blocks payload and view's blocks are validated against.
	BlockKitSchema string
	// HTTP, when set, delivers events, interactions and commands as
	// signed HTTP requests to the app instead of over Socket Mode.
	HTTP *HTTPMode
	// EchoBotMessages delivers message events for the bot's own posts,
	// as Slack does for message.channels subscribers.
	EchoBotMessages bool
}

// Server is a running fake Slack. It is safe for concurrent use.
type Server struct {
	opts   Options
	srv    *httptest.Server
	schema *jsonschema.Schema

	mu   sync.Mutex
	st   state
	ctl  control
	sock sockets
}

// New starts a fake Slack on 127.0.0.1 on a free port. Like
// httptest.NewServer it panics if it cannot listen or the configured
// Block Kit schema cannot be compiled. Close it when done.
func New(opts Options) *Server {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.BotUserID == "" {
		opts.BotUserID = "UBOT"
	}
	if opts.BotID == "" {
		opts.BotID = "BBOT"
	}
	if opts.TeamID == "" {
		opts.TeamID = "T0FAKE"
	}
	if opts.AckTimeout == 0 {
		opts.AckTimeout = 3 * time.Second
	}
	if opts.ActTimeout <= 0 {
		opts.ActTimeout = 5 * time.Second
	}
	if opts.PingInterval <= 0 {
		opts.PingInterval = 10 * time.Second
	}
	s := &Server{opts: opts}
	if opts.BlockKitSchema != "" {
		sch, err := compileSchema(opts.BlockKitSchema)
		if err != nil {
			panic(fmt.Sprintf("fakeslack: %v", err))
		}
		s.schema = sch
	}
	s.st = newState()
	s.ctl = newControl()
	s.sock = newSockets()
	s.st.users[opts.BotUserID] = &User{ID: opts.BotUserID, Name: "buyerdesk", RealName: "buyerdesk", TZ: "UTC", IsBot: true}

	mux := http.NewServeMux()
	mux.HandleFunc("/api/{method}", s.serveAPI)
	mux.HandleFunc("/fake/socket", s.serveSocket)
	mux.HandleFunc("/fake/response/{id}", s.serveResponseURL)
	mux.HandleFunc("GET /fake/state", s.serveState)
	mux.HandleFunc("GET /fake/events", s.serveEvents)
	mux.HandleFunc("POST /fake/act/{action}", s.serveAct)

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(fmt.Sprintf("fakeslack: listen: %v", err))
	}
	s.srv = &httptest.Server{Listener: l, Config: &http.Server{Handler: mux}}
	s.srv.Start()
	return s
}

// URL is the server's base URL, e.g. http://127.0.0.1:41234.
func (s *Server) URL() string { return s.srv.URL }

// APIURL is the Web API base for slack.OptionAPIURL.
func (s *Server) APIURL() string { return s.srv.URL + "/api/" }

// Close closes Socket Mode connections, stops redelivery and shuts the
// HTTP server down.
func (s *Server) Close() {
	s.closeSockets()
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// now reads the configured clock.
func (s *Server) now() time.Time { return s.opts.Now() }

// apiHandler answers one Web API method. It runs with s.mu unlocked.
type apiHandler func(s *Server, p params) response

// methods lists every Web API method the fake implements.
var methods = map[string]apiHandler{
	"auth.test":             (*Server).authTest,
	"chat.postMessage":      (*Server).chatPostMessage,
	"chat.update":           (*Server).chatUpdate,
	"chat.delete":           (*Server).chatDelete,
	"chat.postEphemeral":    (*Server).chatPostEphemeral,
	"chat.getPermalink":     (*Server).chatGetPermalink,
	"conversations.history": (*Server).conversationsHistory,
	"conversations.replies": (*Server).conversationsReplies,
	"conversations.info":    (*Server).conversationsInfo,
	"conversations.join":    (*Server).conversationsJoin,
	"reactions.add":         (*Server).reactionsAdd,
	"reactions.remove":      (*Server).reactionsRemove,
	"reactions.get":         (*Server).reactionsGet,
	"views.open":            (*Server).viewsOpen,
	"views.update":          (*Server).viewsUpdate,
	"views.push":            (*Server).viewsPush,
	"views.publish":         (*Server).viewsPublish,
	"users.info":            (*Server).usersInfo,
	"users.list":            (*Server).usersList,
	"usergroups.list":       (*Server).usergroupsList,
	"usergroups.users.list": (*Server).usergroupsUsersList,
	"apps.connections.open": (*Server).appsConnectionsOpen,
}

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	method := r.PathValue("method")
	p, err := readParams(r)
	if err != nil {
		writeJSON(w, http.StatusOK, fail("invalid_form_data"))
		return
	}
	if d := s.gate(method, p); d.status != 0 {
		if d.retryAfter > 0 {
			w.Header().Set("Retry-After", fmt.Sprint(d.retryAfter))
		}
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(d.status)
		fmt.Fprintf(w, "<html><body>%d %s</body></html>", d.status, http.StatusText(d.status))
		return
	}
	h, ok := methods[method]
	if !ok {
		writeJSON(w, http.StatusOK, fail("unknown_method"))
		return
	}
	if resp := s.authorize(method, p); resp != nil {
		writeJSON(w, http.StatusOK, resp)
		return
	}
	writeJSON(w, http.StatusOK, h(s, p))
}

// authorize checks the token kind the method needs and configured scopes.
func (s *Server) authorize(method string, p params) response {
	tok := p.token
	if tok == "" {
		return fail("not_authed")
	}
	if method == "apps.connections.open" {
		if !strings.HasPrefix(tok, "xapp-") {
			return fail("invalid_auth")
		}
		return nil
	}
	if !strings.HasPrefix(tok, "xoxb-") {
		return fail("invalid_auth")
	}
	s.mu.Lock()
	needed := s.ctl.deniedScopes[method]
	s.mu.Unlock()
	if needed != "" {
		r := fail("missing_scope")
		r["needed"] = needed
		r["provided"] = "chat:write"
		return r
	}
	return nil
}

// response is a Web API JSON answer.
type response = map[string]any

func ok(kv ...any) response {
	r := response{"ok": true}
	for i := 0; i+1 < len(kv); i += 2 {
		r[kv[i].(string)] = kv[i+1]
	}
	return r
}

func fail(code string) response { return response{"ok": false, "error": code} }

func failWithMessages(code string, msgs []string) response {
	r := fail(code)
	r["response_metadata"] = map[string]any{"messages": msgs}
	return r
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
