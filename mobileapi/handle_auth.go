package mobileapi

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"cctvgis/auth"
	"cctvgis/internal/httpapi"
)

func (h *Handlers) login(c echo.Context) error {
	var req LoginRequest
	if err := httpapi.DecodeJSON(c, &req); err != nil {
		return err
	}
	token, sess, err := h.Auth.Login(c.Request().Context(), req.Name, req.Password, c.RealIP())
	if errors.Is(err, auth.ErrUnauthorized) {
		// One answer for an unknown name and a wrong password.
		return httpapi.Error(http.StatusUnauthorized, httpapi.CodeBadCredentials, "", "", err)
	}
	if err != nil {
		return err
	}
	u, err := h.Auth.Authenticate(c.Request().Context(), token)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, LoginResponse{Token: token, ExpiresAt: sess.ExpiresAt, User: userView(u)})
}

func (h *Handlers) logout(c echo.Context) error {
	if err := h.Auth.Logout(c.Request().Context(), httpapi.Token(c)); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (h *Handlers) me(c echo.Context) error {
	return c.JSON(http.StatusOK, userView(httpapi.Caller(c)))
}
