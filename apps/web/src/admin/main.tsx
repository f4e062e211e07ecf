import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { AdminApp } from "./admin-app.js";
import "../styles/base.css";
import "../styles/admin.css";

const root = document.getElementById("root");
if (!root) throw new Error("admin/index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <AdminApp />
  </StrictMode>,
);
