package mobileapi

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

func (s *Server) login(c echo.Context) error {
	var req LoginRequest
	if err := decodeJSON(c, 4<<10, &req); err != nil {
		return err
	}
	token, sess, err := s.Auth.Login(c.Request().Context(), req.Name, req.Password, c.RealIP())
	if err != nil {
		ae := classify(err)
		if ae.code == codeUnauthorized {
			ae.code = codeBadCredential
		}
		return ae
	}
	u, err := s.Auth.Authenticate(c.Request().Context(), token)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, LoginResponse{Token: token, ExpiresAt: sess.ExpiresAt, User: userView(u)})
}

func (s *Server) logout(c echo.Context) error {
	token := strings.TrimPrefix(c.Request().Header.Get(echo.HeaderAuthorization), "Bearer ")
	if err := s.Auth.Logout(c.Request().Context(), token); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) me(c echo.Context) error {
	return c.JSON(http.StatusOK, userView(caller(c)))
}
