import { describeCatalogue } from "../../core/test/describe-catalogue.js";
import { nnBehaviourNotes, nnErrorCases } from "./errors-cases.js";

describeCatalogue("@tsgrad/nn", nnErrorCases, nnBehaviourNotes);
