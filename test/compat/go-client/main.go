// Drives every operation Tessera serves through Aiven's typed Go client (github.com/aiven/go-client-codegen,
// pinned in go.mod), decodes every answer and checks the values; errors are checked with the client's own
// helpers. Run by test/compat/go-client.test.ts with AIVEN_WEB_URL and AIVEN_TOKEN (the instance admin's)
// set; exits non-zero with the first failed check. Each check prints one "ok" line.
package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	aiven "github.com/aiven/go-client-codegen"
	"github.com/aiven/go-client-codegen/handler/account"
	"github.com/aiven/go-client-codegen/handler/applicationuser"
	"github.com/aiven/go-client-codegen/handler/organization"
)

// check stops the program at the first failed expectation.
func check(ok bool, format string, args ...any) {
	if !ok {
		fmt.Fprintf(os.Stderr, "FAIL: "+format+"\n", args...)
		os.Exit(1)
	}
	fmt.Printf("ok: "+format+"\n", args...)
}

func must[T any](value T, err error) T {
	if err != nil {
		fmt.Fprintf(os.Stderr, "FAIL: unexpected error: %v\n", err)
		os.Exit(1)
	}
	return value
}

func noError(err error, what string) {
	check(err == nil, "%s: no error (%v)", what, err)
}

func recent(t time.Time) bool {
	return time.Since(t) < 10*time.Minute && time.Until(t) < time.Minute
}

func ptr[T any](v T) *T { return &v }

// A client for another principal: the same server, another token.
func clientWithToken(token string) aiven.Client {
	return must(aiven.NewClient(aiven.TokenOpt(token), aiven.HostOpt(os.Getenv("AIVEN_WEB_URL")), aiven.UserAgentOpt("tessera-compat")))
}

func main() {
	ctx := context.Background()
	admin := must(aiven.NewClient(aiven.UserAgentOpt("tessera-compat"))) // AIVEN_WEB_URL, AIVEN_TOKEN

	// Organizations (the org API)
	org := must(admin.UserOrganizationCreate(ctx, &organization.UserOrganizationCreateIn{OrganizationName: "go-client", Tier: organization.TierTypeBusiness}))
	check(strings.HasPrefix(org.OrganizationId, "org") && strings.HasPrefix(org.AccountId, "a"), "UserOrganizationCreate: ids %s / %s", org.OrganizationId, org.AccountId)
	check(org.OrganizationName == "go-client" && org.Tier == organization.TierTypeBusiness && recent(org.CreateTime) && org.UpdateTime.Equal(org.CreateTime), "UserOrganizationCreate: name, tier, times")
	orgs := must(admin.UserOrganizationsList(ctx))
	listed := slices.IndexFunc(orgs, func(o organization.OrganizationOut) bool { return o.OrganizationId == org.OrganizationId })
	check(listed >= 0 && orgs[listed].OrganizationName == "go-client" && orgs[listed].AccountId == org.AccountId, "UserOrganizationsList: lists the new organization")
	got := must(admin.OrganizationGet(ctx, org.OrganizationId))
	check(got.OrganizationName == "go-client" && got.AccountId == org.AccountId && got.CreateTime.Equal(org.CreateTime), "OrganizationGet: the same organization")
	updated := must(admin.OrganizationUpdate(ctx, org.OrganizationId, &organization.OrganizationUpdateIn{Name: ptr("go-client-renamed"), Tier: organization.TierTypePersonal}))
	check(updated.OrganizationName == "go-client-renamed" && updated.Tier == organization.TierTypePersonal && !updated.UpdateTime.Before(updated.CreateTime), "OrganizationUpdate: name and tier changed")
	check(must(admin.OrganizationGet(ctx, org.OrganizationId)).OrganizationName == "go-client-renamed", "OrganizationGet: sees the update")

	// Accounts (the account API, over the same organizations)
	acct := must(admin.AccountCreate(ctx, &account.AccountCreateIn{AccountName: "go-account"}))
	check(acct.AccountName == "go-account" && strings.HasPrefix(acct.AccountId, "a") && strings.HasPrefix(acct.OrganizationId, "org") && acct.IsAccountOwner, "AccountCreate: name, ids, owner")
	check(acct.RootAccountId == acct.AccountId && acct.TenantId != nil && recent(acct.CreateTime), "AccountCreate: root account, tenant, time")
	gotAcct := must(admin.AccountGet(ctx, acct.AccountId))
	check(gotAcct.AccountName == "go-account" && gotAcct.OrganizationId == acct.OrganizationId, "AccountGet: the same account")
	renamed := must(admin.AccountUpdate(ctx, acct.AccountId, &account.AccountUpdateIn{AccountName: ptr("go-account-renamed")}))
	check(renamed.AccountName == "go-account-renamed", "AccountUpdate: renamed")
	accounts := must(admin.AccountList(ctx))
	check(slices.ContainsFunc(accounts, func(a account.AccountOut) bool {
		return a.AccountId == acct.AccountId && a.AccountName == "go-account-renamed"
	}), "AccountList: lists the renamed account")
	check(slices.ContainsFunc(accounts, func(a account.AccountOut) bool {
		return a.AccountId == org.AccountId && a.OrganizationId == org.OrganizationId
	}), "AccountList: lists the organization's account too (one table)")
	check(must(admin.OrganizationGet(ctx, acct.OrganizationId)).OrganizationName == "go-account-renamed", "OrganizationGet: an account is an organization")
	noError(admin.AccountDelete(ctx, acct.AccountId), "AccountDelete")
	_, err := admin.AccountGet(ctx, acct.AccountId)
	check(aiven.IsNotFound(err), "AccountGet after delete: IsNotFound (%v)", err)
	check(aiven.IsNotFound(admin.AccountDelete(ctx, acct.AccountId)), "AccountDelete again: IsNotFound")

	// Application users
	user := must(admin.ApplicationUserCreate(ctx, org.OrganizationId, &applicationuser.ApplicationUserCreateIn{Name: "go-svc"}))
	check(strings.HasPrefix(user.UserId, "u") && user.Name == "go-svc" && !user.IsSuperAdmin && strings.Contains(user.UserEmail, "@") && recent(user.CreateTime), "ApplicationUserCreate: id, name, email, not super admin")
	boss := must(admin.ApplicationUserCreate(ctx, org.OrganizationId, &applicationuser.ApplicationUserCreateIn{Name: "go-boss", IsSuperAdmin: ptr(true)}))
	check(boss.IsSuperAdmin, "ApplicationUserCreate: is_super_admin set")
	users := must(admin.ApplicationUsersList(ctx, org.OrganizationId))
	check(len(users) == 2 && slices.ContainsFunc(users, func(u applicationuser.ApplicationUserOut) bool {
		return u.UserId == user.UserId && u.UserEmail == user.UserEmail
	}), "ApplicationUsersList: both users")
	gotUser := must(admin.ApplicationUserGet(ctx, org.OrganizationId, user.UserId))
	check(gotUser.Name == "go-svc" && gotUser.CreateTime.Equal(user.CreateTime), "ApplicationUserGet: the same user")
	updatedUser := must(admin.ApplicationUserUpdate(ctx, org.OrganizationId, user.UserId, &applicationuser.ApplicationUserUpdateIn{Name: "go-svc-renamed"}))
	check(updatedUser.Name == "go-svc-renamed" && !updatedUser.IsSuperAdmin, "ApplicationUserUpdate: renamed")

	// Tokens
	maxAge := 7200
	created := must(admin.ApplicationUserAccessTokenCreate(ctx, org.OrganizationId, user.UserId, &applicationuser.ApplicationUserAccessTokenCreateIn{
		Description: "every option", MaxAgeSeconds: &maxAge, ExtendWhenUsed: ptr(true),
		Scopes: &[]string{"accounts:read", "user:read"}, IPAllowlist: &[]string{"127.0.0.1/32", "::1/128"},
	}))
	check(strings.HasPrefix(created.FullToken, created.TokenPrefix) && len(created.FullToken) > len(created.TokenPrefix), "ApplicationUserAccessTokenCreate: full token starts with its prefix")
	plain := must(admin.ApplicationUserAccessTokenCreate(ctx, org.OrganizationId, user.UserId, &applicationuser.ApplicationUserAccessTokenCreateIn{Description: "no options"}))

	// the new token works through the typed client: UserInfo as the application user
	svc := clientWithToken(created.FullToken)
	me := must(svc.UserInfo(ctx))
	check(me.UserId == user.UserId && me.User == user.UserEmail && me.RealName == "go-svc-renamed" && me.State == "active", "UserInfo: the application user (%s, %s)", me.User, me.State)
	check(me.TokenValidityBegin != nil && me.Projects != nil && len(me.Projects) == 0 && me.Auth != nil, "UserInfo: token_validity_begin, projects, auth")
	check(me.ManagingOrganizationId != nil && *me.ManagingOrganizationId == org.OrganizationId, "UserInfo: managing organization")
	// a plain member reads its own organization (the official provider's aiven_organization data source lists accounts)
	memberOrgs := must(svc.UserOrganizationsList(ctx))
	check(len(memberOrgs) == 1 && memberOrgs[0].OrganizationId == org.OrganizationId, "UserOrganizationsList as a plain member: just its organization")
	check(must(svc.OrganizationGet(ctx, org.OrganizationId)).OrganizationName == "go-client-renamed", "OrganizationGet as a plain member")
	memberAccounts := must(svc.AccountList(ctx))
	check(len(memberAccounts) == 1 && memberAccounts[0].AccountId == org.AccountId && !memberAccounts[0].IsAccountOwner, "AccountList as a plain member: its account, not owner")

	tokens := must(admin.ApplicationUserAccessTokensList(ctx, org.OrganizationId, user.UserId))
	check(len(tokens) == 2, "ApplicationUserAccessTokensList: two tokens (%d)", len(tokens))
	i := slices.IndexFunc(tokens, func(t applicationuser.TokenOut) bool { return t.TokenPrefix == created.TokenPrefix })
	check(i >= 0, "ApplicationUserAccessTokensList: the first token is listed")
	t := tokens[i]
	check(t.Description != nil && *t.Description == "every option" && t.MaxAgeSeconds != nil && *t.MaxAgeSeconds == 7200 && t.ExtendWhenUsed != nil && *t.ExtendWhenUsed, "token: description, max_age_seconds, extend_when_used")
	check(slices.Equal(t.Scopes, []string{"accounts:read", "user:read"}) && slices.Equal(t.IPAllowlist, []string{"127.0.0.1/32", "::1/128"}), "token: scopes and ip_allowlist")
	check(t.CreatedManually && !t.CurrentlyActive && recent(t.CreateTime), "token: created_manually, not the listing token, created now")
	check(t.LastUsedTime != nil && t.LastIP != nil && t.LastUserAgent != nil && strings.Contains(*t.LastUserAgent, "tessera-compat"), "token: its use through the Go client was recorded")
	check(t.ExpiryTime != nil && !t.ExpiryTime.Before(t.CreateTime.Add(7200*time.Second)), "token: expiry_time at least create_time + 2 h")
	j := slices.IndexFunc(tokens, func(t applicationuser.TokenOut) bool { return t.TokenPrefix == plain.TokenPrefix })
	p := tokens[j]
	check(p.MaxAgeSeconds == nil, "token without max_age_seconds: it stays unset (null)")
	check(p.ExpiryTime != nil && p.ExpiryTime.Sub(p.CreateTime) == 10*time.Hour, "token without max_age_seconds: expires after the 10 h default")
	check(len(p.Scopes) == 0 && len(p.IPAllowlist) == 0, "token without scopes or allowlist")

	// Missing objects are IsNotFound, however their ids are spelled
	_, err = admin.OrganizationGet(ctx, "org0000000000")
	check(aiven.IsNotFound(err), "OrganizationGet unknown id: IsNotFound")
	_, err = admin.OrganizationGet(ctx, "not-a-tessera-id")
	check(aiven.IsNotFound(err), "OrganizationGet id in another format: IsNotFound")
	_, err = admin.AccountGet(ctx, "12345678")
	check(aiven.IsNotFound(err), "AccountGet id in another format: IsNotFound")
	_, err = admin.ApplicationUserGet(ctx, org.OrganizationId, "someone@example.com")
	check(aiven.IsNotFound(err), "ApplicationUserGet id in another format: IsNotFound")
	_, err = admin.ApplicationUserAccessTokensList(ctx, org.OrganizationId, "u-missing")
	check(aiven.IsNotFound(err), "ApplicationUserAccessTokensList of a missing user: IsNotFound")
	for _, prefix := range []string{"abc/def", "ab+cd==", "a/b+c=", created.TokenPrefix + "x"} {
		err = admin.ApplicationUserAccessTokenDelete(ctx, org.OrganizationId, user.UserId, prefix)
		check(aiven.IsNotFound(err), "ApplicationUserAccessTokenDelete prefix %q (sent as %s): IsNotFound", prefix, url.PathEscape(prefix))
	}

	// Revoking, deleting
	noError(admin.ApplicationUserAccessTokenDelete(ctx, org.OrganizationId, user.UserId, created.TokenPrefix), "ApplicationUserAccessTokenDelete")
	check(aiven.IsNotFound(admin.ApplicationUserAccessTokenDelete(ctx, org.OrganizationId, user.UserId, created.TokenPrefix)), "ApplicationUserAccessTokenDelete again: IsNotFound (already gone)")
	_, err = svc.UserInfo(ctx)
	var apiErr aiven.Error
	check(err != nil && asError(err, &apiErr) && apiErr.Status == 401, "UserInfo with the revoked token: 401 (%v)", err)
	remaining := must(admin.ApplicationUserAccessTokensList(ctx, org.OrganizationId, user.UserId))
	check(len(remaining) == 1 && remaining[0].TokenPrefix == plain.TokenPrefix, "ApplicationUserAccessTokensList: the revoked token is gone")
	noError(admin.ApplicationUserDelete(ctx, org.OrganizationId, user.UserId), "ApplicationUserDelete")
	_, err = admin.ApplicationUserGet(ctx, org.OrganizationId, user.UserId)
	check(aiven.IsNotFound(err), "ApplicationUserGet after delete: IsNotFound")
	check(aiven.IsNotFound(admin.ApplicationUserDelete(ctx, org.OrganizationId, user.UserId)), "ApplicationUserDelete again: IsNotFound")
	adminMe := must(admin.UserInfo(ctx))
	check(adminMe.State == "active" && adminMe.RealName != "", "UserInfo: the instance admin")
	noError(admin.OrganizationDelete(ctx, org.OrganizationId), "OrganizationDelete")
	_, err = admin.OrganizationGet(ctx, org.OrganizationId)
	check(aiven.IsNotFound(err), "OrganizationGet after delete: IsNotFound")
	check(aiven.IsNotFound(admin.OrganizationDelete(ctx, org.OrganizationId)), "OrganizationDelete again: IsNotFound")
	fmt.Println("all checks passed")
}

func asError(err error, target *aiven.Error) bool {
	return errors.As(err, target)
}
