// The signed-in app: top bar (the areas' header items, name, Sign out), the nav of the screens the user may open, and the content.
import { AppBar, Box, Button, Drawer, List, ListItem, ListItemButton, ListItemText, Toolbar, Typography } from "@mui/material";
import type { ComponentType } from "react";
import { NavLink, Route, Routes } from "react-router-dom";
import type { Principal } from "../api/client";
import { useCan } from "../auth/permissions";
import type { Screen } from "../screens/types";
import { Denied } from "./Denied";
import { Home } from "./Home";

const NAV_WIDTH = 232;

interface Props {
  me: Principal;
  screens: Screen[];
  headerItems?: ComponentType[];
  onSignOut: () => void;
}

export function Shell({ me, screens, headerItems = [], onSignOut }: Props) {
  return (
    <Box sx={{ display: "flex", minHeight: "100vh" }}>
      <a href="#content" className="skip-link">Skip to content</a>
      <AppBar position="fixed" sx={{ zIndex: (theme) => theme.zIndex.drawer + 1 }}>
        <Toolbar>
          <Typography variant="h6" component="span" sx={{ flexGrow: 1 }}>Harbor HMIS</Typography>
          {headerItems.map((Item, index) => <Item key={index} />)}
          <Typography component="span" sx={{ mr: 2 }}>Signed in as {me.username}</Typography>
          <Button color="inherit" onClick={onSignOut}>Sign out</Button>
        </Toolbar>
      </AppBar>
      <Drawer variant="permanent" sx={{ width: NAV_WIDTH, flexShrink: 0, "& .MuiDrawer-paper": { width: NAV_WIDTH } }}>
        <Toolbar />
        <Box component="nav" aria-label="Main">
          <List>
            <NavItem path="/" title="Home" />
            {screens.filter((screen) => screen.nav !== false).map((screen) => <AllowedNavItem key={screen.path} screen={screen} />)}
          </List>
        </Box>
      </Drawer>
      <Box component="main" id="content" tabIndex={-1} sx={{ flexGrow: 1, p: 3, minWidth: 0 }}>
        <Toolbar />
        <Routes>
          <Route path="/" element={<Home screens={screens} username={me.username ?? ""} />} />
          {screens.map((screen) => (
            <Route key={screen.path} path={screen.path} element={<Guarded screen={screen} />} />
          ))}
          <Route path="*" element={<Typography variant="h4" component="h1">No such page</Typography>} />
        </Routes>
      </Box>
    </Box>
  );
}

// Each link in a list item of its own: a list holds only items (axe-core's "list" rule).
function NavItem({ path, title }: { path: string; title: string }) {
  return (
    <ListItem disablePadding>
      <ListItemButton component={NavLink} to={path} end={path === "/"}
        sx={{ "&.active": { bgcolor: "action.selected", fontWeight: 600 } }}>
        <ListItemText primary={title} />
      </ListItemButton>
    </ListItem>
  );
}

function AllowedNavItem({ screen }: { screen: Screen }) {
  return useCan(screen.permission).allow ? <NavItem path={`/${screen.path}`} title={screen.title} /> : null;
}

// A screen reached by a link the user may not open says why instead of failing on its first call.
function Guarded({ screen }: { screen: Screen }) {
  const permission = useCan(screen.permission);
  return permission.allow ? screen.element : <Denied title={screen.title} reasons={permission.reasons} />;
}
