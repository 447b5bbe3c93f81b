package fakeslack_test

import (
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk/bot/fakeslack"
)

func TestUsersAndGroups(t *testing.T) {
	clk := newClock() // 2023-11-14, standard time in Berlin and New York
	srv, api := setup(t, fakeslack.Options{Now: clk.Now})
	srv.AddUserGroup("S1", "agents", []string{"U1", "U2"})
	ctx := ctxT(t)
	u, err := api.GetUserInfoContext(ctx, "U2")
	if err != nil {
		t.Fatal(err)
	}
	if u.TZ != "America/New_York" || u.TZOffset != -5*3600 || u.RealName != "Ben Agent" || u.Name != "ben" {
		t.Errorf("users.info = %+v", u)
	}
	clk.Advance(200 * 24 * time.Hour) // June: daylight saving time
	if u, _ := api.GetUserInfoContext(ctx, "U1"); u.TZOffset != 2*3600 {
		t.Errorf("Berlin summer offset = %d", u.TZOffset)
	}
	if _, err := api.GetUserInfoContext(ctx, "U404"); err == nil || err.Error() != "user_not_found" {
		t.Errorf("unknown user: %v", err)
	}
	users, err := api.GetUsersContext(ctx)
	if err != nil || len(users) != 3 || !users[0].IsBot {
		t.Errorf("users.list = %d %v", len(users), err)
	}
	groups, err := api.GetUserGroupsContext(ctx)
	if err != nil || len(groups) != 1 || groups[0].Handle != "agents" || groups[0].UserCount != 2 {
		t.Errorf("usergroups.list = %+v %v", groups, err)
	}
	members, err := api.GetUserGroupMembersContext(ctx, "S1")
	if err != nil || len(members) != 2 || members[1] != "U2" {
		t.Errorf("usergroups.users.list = %v %v", members, err)
	}
	if _, err := api.GetUserGroupMembersContext(ctx, "S404"); err == nil || err.Error() != "no_such_subteam" {
		t.Errorf("unknown group: %v", err)
	}
	if got := srv.Users(); len(got) != 3 || got[0].ID != "UBOT" {
		t.Errorf("Users() = %+v", got)
	}
	_ = fakeslack.User{}
}
