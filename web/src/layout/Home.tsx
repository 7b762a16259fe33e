import { Link as RouterLink } from "react-router-dom";
import { Link, List, ListItem, Typography } from "@mui/material";
import { useCan } from "../auth/permissions";
import type { Screen } from "../screens/types";

export function Home({ screens, username }: { screens: Screen[]; username: string }) {
  return (
    <>
      <Typography variant="h4" component="h1" gutterBottom>Welcome, {username}</Typography>
      <Typography>What you can do here:</Typography>
      <List>
        {screens.filter((screen) => screen.nav !== false).map((screen) => <Entry key={screen.path} screen={screen} />)}
      </List>
    </>
  );
}

function Entry({ screen }: { screen: Screen }) {
  if (!useCan(screen.permission).allow) return null;
  return <ListItem><Link component={RouterLink} to={`/${screen.path}`}>{screen.title}</Link></ListItem>;
}
