import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { StorefrontApp } from "./app.js";
import "../styles/base.css";
import "../styles/storefront.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <StorefrontApp />
  </StrictMode>,
);
