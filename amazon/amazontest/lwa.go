package amazontest

import (
	"net/http"
)

type lwaError struct {
	Error       string `json:"error"`
	Description string `json:"error_description"`
}

type lwaToken struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
}

// serveToken answers POST /auth/o2/token like Login with Amazon: the
// refresh_token grant with the client credentials in the form body.
func (s *SPAPI) serveToken(w http.ResponseWriter, r *http.Request) {
	rec := Request{Kind: "token", At: s.cfg.Now(), Form: map[string]string{}}
	status := s.answerToken(w, r, &rec)
	rec.Status = status
	s.record(rec)
}

func (s *SPAPI) answerToken(w http.ResponseWriter, r *http.Request, rec *Request) int {
	if err := r.ParseForm(); err != nil {
		writeJSON(w, http.StatusBadRequest, lwaError{"invalid_request", "The request is missing a required parameter or is otherwise malformed."})
		return http.StatusBadRequest
	}
	for _, k := range []string{"grant_type", "client_id", "client_secret", "refresh_token"} {
		rec.Form[k] = r.PostForm.Get(k)
	}
	f := rec.Form
	switch {
	case f["client_id"] != s.cfg.ClientID || f["client_secret"] != s.cfg.ClientSecret:
		writeJSON(w, http.StatusUnauthorized, lwaError{"invalid_client", "Client authentication failed"})
		return http.StatusUnauthorized
	case f["grant_type"] != "refresh_token":
		writeJSON(w, http.StatusBadRequest, lwaError{"unsupported_grant_type", "The authorization grant type is not supported by the authorization server."})
		return http.StatusBadRequest
	case f["refresh_token"] != s.cfg.RefreshToken:
		writeJSON(w, http.StatusBadRequest, lwaError{"invalid_grant", "The request has an invalid grant parameter : refresh_token"})
		return http.StatusBadRequest
	}
	tok, _ := s.issueToken()
	writeJSON(w, http.StatusOK, lwaToken{
		AccessToken:  tok,
		RefreshToken: s.cfg.RefreshToken,
		TokenType:    "bearer",
		ExpiresIn:    int(s.cfg.TokenTTL.Seconds()),
	})
	return http.StatusOK
}
